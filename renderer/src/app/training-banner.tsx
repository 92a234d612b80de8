import { useAccess } from '../access/access-context';
import { useI18n } from '../i18n/i18n-context';

/** Shown on every screen in training mode: calm, unmistakable, never alarming. */
export function TrainingBanner() {
  const { t } = useI18n();
  const { state } = useAccess();
  return (
    <div className="training-banner" role="status">
      <span className="training-banner__tag" aria-hidden="true">
        ●
      </span>
      {t('app.training')}{' '}
      {/* The PIN is what a locked kiosk needs; unlocked, the bar leaves the room to who is unlocked. */}
      {state.trainingKeyPin && state.locked ? <strong className="training-banner__pin">{t('app.trainingKeyPin', { pin: state.trainingKeyPin })}</strong> : null}
    </div>
  );
}
