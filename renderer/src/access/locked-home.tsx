import { ScreenHeading } from '../app/screen-heading';
import { useI18n } from '../i18n/i18n-context';
import { useAccess } from './access-context';

/** Locked with no session open: nothing for an attendee to do yet. */
export function LockedHome() {
  const { t } = useI18n();
  const { requestUnlock } = useAccess();
  return (
    <section className="screen screen--narrow" aria-labelledby="locked-title">
      <ScreenHeading id="locked-title">{t('access.locked.title')}</ScreenHeading>
      <p className="screen__intro">{t('access.locked.intro')}</p>
      <div className="actions">
        <button type="button" className="button button--primary" onClick={requestUnlock}>
          {t('access.unlock.open')}
        </button>
      </div>
    </section>
  );
}
