import type { ReactNode } from 'react';
import type { ErrorCode, KioskError } from '../../../shared/contract/errors';
import type { JourneyKey } from '../../../shared/domain/journey';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';
import { ErrorNotice } from '../app/error-notice';
import { useAction } from '../kiosk/use-call';
import { StepProblem } from './step-problem';

type Way = 'retry' | 'anotherKey';

/**
 * Each failure's title and way on. What happened is the core's own message, said once; a
 * `hint` adds only what that message cannot know (nothing reached the key, who follows up).
 */
interface Known {
  id: string;
  title: MessageKey;
  way: Way;
  hint?: MessageKey;
}

const problems: Partial<Record<ErrorCode, Known>> = {
  key_not_found: { id: 'key-unplugged', title: 'keyProblem.unplugged.title', way: 'anotherKey' },
  key_touch_timeout: { id: 'key-no-touch', title: 'keyProblem.noTouch.title', way: 'retry' },
  key_pin_blocked: { id: 'key-blocked', title: 'keyProblem.blocked.title', way: 'anotherKey' },
  idp_expired: { id: 'key-expired', title: 'keyProblem.expired.title', way: 'retry' },
  key_not_allowed: { id: 'key-not-allowed', title: 'keyProblem.notAllowed.title', way: 'anotherKey' },
  key_unsupported: { id: 'key-unsupported', title: 'keyProblem.unsupported.title', way: 'anotherKey' },
  key_already_registered: { id: 'key-registered-elsewhere', title: 'keyProblem.otherAttendee.title', way: 'anotherKey' },
  key_not_answering: { id: 'key-not-answering', title: 'keyProblem.notAnswering.title', way: 'anotherKey' },
  key_user_action: { id: 'key-user-action', title: 'keyProblem.userAction.title', way: 'retry' },
  idp_rejected: { id: 'key-idp-refuses', title: 'keyProblem.idpRefuses.title', way: 'retry', hint: 'keyProblem.idpRefuses.text' },
  idp_unreachable: { id: 'key-idp-unreachable', title: 'keyProblem.idpUnreachable.title', way: 'retry', hint: 'keyProblem.idpUnreachable.text' },
};
const excludedProblem: Known = { id: 'key-excluded', title: 'keyProblem.excluded.title', way: 'anotherKey' };
const otherProblem: Omit<Known, 'way'> = { id: 'key-failed', title: 'keyProblem.generic.title', hint: 'keyProblem.generic.text' };

/** A failure of the backup-key step on its own screen: what happened, the kiosk's detail, and the way on. */
interface KeyProblemProps {
  error: KioskError;
  stageKey: JourneyKey | null;
  /** Training: the kiosk's own virtual key can be swapped for a fresh one. */
  training: boolean;
  onRetry(): void;
  onAnotherKey(): void;
  children: ReactNode;
}

export function KeyProblem({ error, stageKey, training, onRetry, onAnotherKey, children }: KeyProblemProps) {
  const { t, say } = useI18n();
  const fresh = useAction('keys.freshTrainingKey');
  const excluded = error.code === 'key_already_registered' && (error.details as { reason?: string } | undefined)?.reason === 'excluded';
  const known = excluded ? excludedProblem : problems[error.code];
  const shown: Omit<Known, 'way'> = known ?? otherProblem;
  const way: Way = known?.way ?? (stageKey ? 'retry' : 'anotherKey');
  // In training the kiosk's own virtual key cannot be swapped by hand: when it is taken or
  // blocked, a fresh one is the way on (another key is, when one was pulled out).
  const freshFirst = training && (error.code === 'key_already_registered' || error.code === 'key_pin_blocked');
  const freshKey = (className: string) => (
    <button type="button" className={className} disabled={fresh.pending} onClick={() => void fresh.run({}).then((done) => done && onAnotherKey())}>
      {t('keyProblem.freshTrainingKey')}
    </button>
  );
  return (
    <StepProblem id={shown.id} title={t(shown.title)}>
      <p>{say(error.says)}</p>
      {shown.hint ? <p>{t(shown.hint)}</p> : null}
      <div className="actions">
        {way === 'retry' ? (
          <button type="button" className="button button--primary button--large" onClick={onRetry}>
            {t('keyProblem.retry')}
          </button>
        ) : null}
        {freshFirst ? freshKey('button button--primary button--large') : null}
        <button type="button" className={way === 'anotherKey' && !freshFirst ? 'button button--primary button--large' : 'button button--large'} onClick={onAnotherKey}>
          {t('keyProblem.anotherKey')}
        </button>
        {training && way === 'anotherKey' && !freshFirst ? freshKey('button button--large') : null}
      </div>
      <ErrorNotice error={fresh.error} />
      {children}
    </StepProblem>
  );
}
