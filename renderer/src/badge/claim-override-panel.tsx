import { useId, useState, type FormEvent } from 'react';
import { stationsCalls } from '../../../shared/contract/stations-calls';
import { NOTE_MAX } from '../../../shared/domain/limits';
import type { Attendee, BadgeOutcome } from '../../../shared/domain/session';
import { useAccess } from '../access/access-context';
import { checkInput } from '../app/contract-input';
import { ErrorNotice } from '../app/error-notice';
import { TextAreaField } from '../app/text-area-field';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import { OutcomeMessage } from './outcome-message';

interface OverrideProps {
  sessionId: string;
  attendee: Attendee;
  onDecided(outcome: BadgeOutcome): void;
  onScanAgain(): void;
}

/**
 * A shared session with the fleet out of reach: the station takes no one new by itself. The
 * attendee reads why; the facilitator may check them in here anyway, with a reason the core
 * records and, once the fleet is back, checks against the other stations' claims.
 */
export function ClaimOverridePanel({ sessionId, attendee, onDecided, onScanAgain }: OverrideProps) {
  const { t } = useI18n();
  const ids = useId();
  const { state: access, requestUnlock } = useAccess();
  const override = useAction('stations.override');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkInput(stationsCalls['stations.override'].input, { sessionId, attendeeId: attendee.id, reason });
    setProblem(!checked.ok);
    if (!checked.ok) return;
    const outcome = await override.run(checked.input);
    if (outcome) onDecided(outcome);
  }

  return (
    <div className="claim-override">
      <OutcomeMessage id="claim-unavailable" tone="attention" title={t('badge.claim.title')} actionLabel={t('badge.scanAgain')} onAction={onScanAgain}>
        <p>{t('badge.claim.text')}</p>
        <p>{t('badge.claim.next')}</p>
      </OutcomeMessage>
      <section className="panel panel--facilitator" aria-labelledby={`${ids}-title`}>
        <h2 id={`${ids}-title`} className="panel__title">
          {t('override.title')}
        </h2>
        <p>{t('override.intro')}</p>
        {access.locked ? (
          <div className="notice">
            <p>{t('identity.lockedHint')}</p>
            <button type="button" className="button button--primary" onClick={requestUnlock}>
              {t('access.unlock.open')}
            </button>
          </div>
        ) : null}
        <form className="form" onSubmit={submit} noValidate>
          <TextAreaField
            label={t('override.reason')}
            problem={problem ? t('override.reasonRequired') : undefined}
            maxLength={NOTE_MAX}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          <ErrorNotice error={override.error} />
          <button type="submit" className="button button--primary" disabled={override.pending}>
            {override.pending ? t('common.working') : t('override.submit')}
          </button>
        </form>
      </section>
    </div>
  );
}
