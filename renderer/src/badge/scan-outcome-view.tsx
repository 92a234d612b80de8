import type { Attendee, BadgeOutcome } from '../../../shared/domain/session';
import { useI18n } from '../i18n/i18n-context';
import { OutcomeMessage } from './outcome-message';

type NonMatched = Exclude<BadgeOutcome, { kind: 'matched' | 'claimUnavailable' }>;

/**
 * The scans that cannot go on. None of them shows anyone's personal data: the person at the
 * reader may not be the badge's owner.
 */
export function ScanOutcomeView({ outcome, onScanAgain, onContinue }: { outcome: NonMatched; onScanAgain(): void; onContinue(attendee: Attendee): void }) {
  const { t, say, formatTime } = useI18n();
  const back = { actionLabel: t('badge.scanAgain'), onAction: onScanAgain };
  switch (outcome.kind) {
    case 'unknown':
      return (
        <OutcomeMessage id="unknown" tone="attention" title={t('badge.unknown.title')} {...back}>
          <p>{t('badge.unknown.text', { badge: outcome.badgeId })}</p>
          <p>{t('badge.unknown.next')}</p>
        </OutcomeMessage>
      );
    case 'alreadyCheckedIn':
      return (
        <OutcomeMessage id="already" tone="calm" title={t('badge.already.title')} {...back}>
          <p>{t('badge.already.text', { time: formatTime(outcome.checkedInAt) })}</p>
          <p>{t('badge.already.next')}</p>
          <button type="button" className="button button--large" onClick={() => onContinue(outcome.attendee)}>
            {t('badge.already.continue')}
          </button>
        </OutcomeMessage>
      );
    case 'otherSession':
      return (
        <OutcomeMessage id="other-session" tone="attention" title={t('badge.other.title')} {...back}>
          <p>{t('badge.other.text', { department: outcome.department, time: formatTime(outcome.sessionStartedAt) })}</p>
          <p>{t('badge.other.next')}</p>
        </OutcomeMessage>
      );
    case 'heldElsewhere':
      return (
        <OutcomeMessage id="held-elsewhere" tone="attention" title={t('badge.elsewhere.title')} {...back}>
          <p>{t('badge.elsewhere.text', { station: outcome.station, time: formatTime(outcome.claimedAt) })}</p>
          <p>{t('badge.elsewhere.next', { station: outcome.station })}</p>
        </OutcomeMessage>
      );
    case 'garbled':
      return (
        <OutcomeMessage id="garbled" tone="calm" title={t('badge.garbled.title')} {...back}>
          <p>{say(outcome.reason)}</p>
          <p>{t('badge.garbled.next')}</p>
        </OutcomeMessage>
      );
  }
}
