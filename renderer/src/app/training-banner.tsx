import { useI18n } from '../i18n/i18n-context';

/** Shown on every screen in training mode: calm, unmistakable, never alarming. */
export function TrainingBanner() {
  const { t } = useI18n();
  return (
    <div className="training-banner" role="status">
      <span className="training-banner__tag" aria-hidden="true">
        ●
      </span>
      {t('app.training')}
    </div>
  );
}
