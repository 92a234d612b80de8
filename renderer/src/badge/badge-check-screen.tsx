import { useCallback, useState } from 'react';
import type { Attendee, BadgeOutcome, Session } from '../../../shared/domain/session';
import { fullName } from '../app/full-name';
import { ScreenHeading } from '../app/screen-heading';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import { AttendeeCard } from './attendee-card';
import { ClaimOverridePanel } from './claim-override-panel';
import { IdentityConfirmationPanel } from './identity-confirmation-panel';
import { OutcomeMessage } from './outcome-message';
import { ScanOutcomeView } from './scan-outcome-view';
import { ScanPrompt } from './scan-prompt';
import { useBadgeReader } from './use-badge-reader';
import { useIdleReset } from './use-idle-reset';
import { JourneyScreen } from '../journey/journey-screen';

type Phase =
  | { kind: 'waiting' }
  | { kind: 'checking' }
  | { kind: 'outcome'; outcome: BadgeOutcome }
  | { kind: 'journey'; attendee: Attendee; justConfirmed: boolean }
  | { kind: 'rejected'; attendee: Attendee };

/**
 * Journey step 1 on the attendee-facing screen. The reader is listened to everywhere except
 * while a lookup runs and while the facilitator decides about a matched badge.
 */
export function BadgeCheckScreen({ session, idleMs }: { session: Session; idleMs: number }) {
  const { t } = useI18n();
  const { run: runScan, error: scanError } = useAction('badge.scan');
  const [phase, setPhase] = useState<Phase>({ kind: 'waiting' });

  const lookUp = useCallback(
    async (raw: string) => {
      setPhase({ kind: 'checking' });
      const outcome = await runScan({ sessionId: session.id, raw });
      setPhase(outcome ? { kind: 'outcome', outcome } : { kind: 'waiting' });
    },
    [runScan, session.id],
  );

  // While the facilitator decides (a matched badge, an override), the reader waits.
  const deciding = phase.kind === 'outcome' && (phase.outcome.kind === 'matched' || phase.outcome.kind === 'claimUnavailable');
  const readerOn = phase.kind !== 'checking' && phase.kind !== 'journey' && !deciding;
  useBadgeReader(readerOn, (raw) => void lookUp(raw));

  const backToWaiting = () => setPhase({ kind: 'waiting' });
  useIdleReset(phase.kind !== 'waiting' && phase.kind !== 'checking', backToWaiting, idleMs);

  return (
    <section className="screen screen--attendee" aria-label={t('nav.badge')}>
      <p className="visually-hidden" role="status" aria-live="polite">
        {liveText(phase, t)}
      </p>
      {phase.kind === 'waiting' || phase.kind === 'checking' ? (
        <ScanPrompt checking={phase.kind === 'checking'} error={scanError} onSubmit={(raw) => void lookUp(raw)} />
      ) : null}
      {phase.kind === 'outcome' && phase.outcome.kind === 'matched' ? (
        <div className="matched">
          <div className="matched__attendee">
            <ScreenHeading id="outcome-matched" className="outcome__title">
              {t('badge.matched.title', { name: phase.outcome.attendee.givenName })}
            </ScreenHeading>
            <p className="screen__intro">{t('badge.matched.intro')}</p>
            <AttendeeCard attendee={phase.outcome.attendee} />
          </div>
          <IdentityConfirmationPanel
            sessionId={session.id}
            attendee={phase.outcome.attendee}
            onConfirmed={(attendee) => setPhase({ kind: 'journey', attendee, justConfirmed: true })}
            onRejected={(attendee) => setPhase({ kind: 'rejected', attendee })}
          />
        </div>
      ) : null}
      {phase.kind === 'outcome' && phase.outcome.kind === 'claimUnavailable' ? (
        <ClaimOverridePanel sessionId={session.id} attendee={phase.outcome.attendee} onDecided={(outcome) => setPhase({ kind: 'outcome', outcome })} onScanAgain={backToWaiting} />
      ) : null}
      {phase.kind === 'outcome' && phase.outcome.kind !== 'matched' && phase.outcome.kind !== 'claimUnavailable' ? (
        <ScanOutcomeView outcome={phase.outcome} onScanAgain={backToWaiting} onContinue={(attendee) => setPhase({ kind: 'journey', attendee, justConfirmed: false })} />
      ) : null}
      {phase.kind === 'journey' ? (
        <JourneyScreen
          key={phase.attendee.id}
          sessionId={session.id}
          attendeeId={phase.attendee.id}
          confirmedName={phase.justConfirmed ? fullName(phase.attendee) : null}
          onNextAttendee={backToWaiting}
        />
      ) : null}
      {phase.kind === 'rejected' ? (
        <OutcomeMessage id="rejected" tone="attention" title={t('identity.rejected.title')} actionLabel={t('badge.nextAttendee')} onAction={backToWaiting}>
          <p>{t('identity.rejected.text')}</p>
        </OutcomeMessage>
      ) : null}
    </section>
  );
}

function liveText(phase: Phase, t: ReturnType<typeof useI18n>['t']): string {
  switch (phase.kind) {
    case 'waiting':
      return '';
    case 'checking':
      return t('badge.checking');
    case 'journey':
      return phase.justConfirmed ? t('identity.confirmed.title') : '';
    case 'rejected':
      return t('identity.rejected.title');
    case 'outcome': {
      const outcome = phase.outcome;
      if (outcome.kind === 'matched') return t('badge.matched.title', { name: outcome.attendee.givenName });
      if (outcome.kind === 'unknown') return t('badge.unknown.title');
      if (outcome.kind === 'alreadyCheckedIn') return t('badge.already.title');
      if (outcome.kind === 'otherSession') return t('badge.other.title');
      if (outcome.kind === 'heldElsewhere') return t('badge.elsewhere.title');
      if (outcome.kind === 'claimUnavailable') return t('badge.claim.title');
      return t('badge.garbled.title');
    }
  }
}
