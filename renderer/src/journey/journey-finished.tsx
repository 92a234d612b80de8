import type { JourneyView } from '../../../shared/domain/journey';
import { ScreenHeading } from '../app/screen-heading';
import { useI18n } from '../i18n/i18n-context';

/**
 * The phone passkey and the backup key are settled. Recovery codes and the envelope label are
 * printed at the next station (they arrive with printing); until then the attendee is handed on.
 */
export function JourneyFinished({ view, onNextAttendee }: { view: JourneyView; onNextAttendee(): void }) {
  const { t } = useI18n();
  const passkeyDone = view.steps.platformPasskey?.status === 'done';
  const key = view.backupKey?.phase === 'done' ? view.backupKey : null;
  return (
    <div className="outcome outcome--success" data-outcome="journey-finished">
      <div className="outcome__icon" aria-hidden="true">
        ✓
      </div>
      <ScreenHeading id="journey-finished" className="outcome__title">
        {t('journey.finished.title', { name: view.attendee.givenName })}
      </ScreenHeading>
      <div className="outcome__body">
        <ul className="journey-summary">
          <li>{passkeyDone ? t('journey.finished.passkey') : t('journey.finished.passkeySkipped')}</li>
          <li>
            {key ? t('journey.finished.key', { model: key.model ?? t('journey.key.unknownModel'), fingerprint: key.fingerprint }) : t('journey.finished.keySkipped')}
          </li>
        </ul>
        <p>{t('journey.finished.next')}</p>
      </div>
      <button type="button" className="button button--primary button--large" onClick={onNextAttendee}>
        {t('badge.nextAttendee')}
      </button>
    </div>
  );
}
