import type { KioskError } from '../../../shared/contract/errors';
import { presentError } from '../i18n/error-message';
import { useI18n } from '../i18n/i18n-context';

/**
 * Shows a failed call: the translated meaning of its code (what to do next) and the kiosk's
 * specific message; without a translation, the kiosk's message and a generic next step.
 */
export function ErrorNotice({ error }: { error: KioskError | null }) {
  const { t, say } = useI18n();
  if (!error) return null;
  const shown = presentError(error, say);
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__title">{t('error.title')}</p>
      {shown.key ? (
        <>
          <p>{t(shown.key)}</p>
          {shown.detail && shown.detail !== t(shown.key) ? <p className="notice__detail">{t('error.details', { message: shown.detail })}</p> : null}
        </>
      ) : (
        <>
          <p>{shown.detail}</p>
          <p className="notice__detail">{t('error.fallbackNext')}</p>
        </>
      )}
    </div>
  );
}
