import type { JourneyView } from '../../../shared/domain/journey';
import { ScreenHeading } from '../app/screen-heading';
import { useI18n } from '../i18n/i18n-context';
import { OnScreenPage } from '../print/on-screen-page';

/** Every step is settled: what the attendee now has, and what to do with the sheet and the envelope. */
export function JourneyFinished({ view, onNextAttendee }: { view: JourneyView; onNextAttendee(): void }) {
  const { t } = useI18n();
  const passkeyDone = view.steps.platformPasskey?.status === 'done';
  const key = view.backupKey?.phase === 'done' ? view.backupKey : null;
  const codesDone = view.steps.recoveryCodes?.status === 'done';
  const labelOnScreen = view.envelope?.onScreen ?? null;
  return (
    <div className={labelOnScreen ? 'outcome outcome--success outcome--with-page' : 'outcome outcome--success'} data-outcome="journey-finished">
      <div className="outcome__head">
        <div className="outcome__icon" aria-hidden="true">
          ✓
        </div>
        <ScreenHeading id="journey-finished" className="outcome__title">
          {t('journey.finished.title', { name: view.attendee.givenName })}
        </ScreenHeading>
      </div>
      <div className="outcome__body">
        <ul className="journey-summary">
          <li>{passkeyDone ? t('journey.finished.passkey') : t('journey.finished.passkeySkipped')}</li>
          <li>
            {key ? t('journey.finished.key', { model: key.model ?? t('journey.key.unknownModel'), fingerprint: key.fingerprint }) : t('journey.finished.keySkipped')}
          </li>
          <li>{codesDone ? t('journey.finished.codes') : t('journey.finished.codesSkipped')}</li>
          {view.envelope ? <li>{t('journey.finished.envelope', { seal: view.envelope.sealNumber })}</li> : null}
        </ul>
        <p>{t('journey.finished.next')}</p>
      </div>
      <button type="button" className="button button--primary button--large" onClick={onNextAttendee}>
        {t('badge.nextAttendee')}
      </button>
      {labelOnScreen ? (
        <section className="outcome__page" aria-label={t('journey.finished.labelOnScreen')}>
          <OnScreenPage key={labelOnScreen} handle={labelOnScreen} />
        </section>
      ) : null}
    </div>
  );
}
