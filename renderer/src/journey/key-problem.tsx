import type { ReactNode } from 'react';
import type { ErrorCode, KioskError } from '../../../shared/contract/errors';
import type { JourneyKey } from '../../../shared/domain/journey';
import type { MessageKey } from '../i18n/en';
import { errorDetail } from '../i18n/error-message';
import { useI18n } from '../i18n/i18n-context';
import { ErrorNotice } from '../app/error-notice';
import { useAction } from '../kiosk/use-call';
import { StepProblem } from './step-problem';

type Way = 'retry' | 'anotherKey';

const problems: Partial<Record<ErrorCode, { id: string; title: MessageKey; text: MessageKey; way: Way }>> = {
  key_not_found: { id: 'key-unplugged', title: 'keyProblem.unplugged.title', text: 'keyProblem.unplugged.text', way: 'anotherKey' },
  key_touch_timeout: { id: 'key-no-touch', title: 'keyProblem.noTouch.title', text: 'keyProblem.noTouch.text', way: 'retry' },
  key_pin_blocked: { id: 'key-blocked', title: 'keyProblem.blocked.title', text: 'keyProblem.blocked.text', way: 'anotherKey' },
  idp_expired: { id: 'key-expired', title: 'keyProblem.expired.title', text: 'keyProblem.expired.text', way: 'retry' },
  key_not_allowed: { id: 'key-not-allowed', title: 'keyProblem.notAllowed.title', text: 'keyProblem.notAllowed.text', way: 'anotherKey' },
  key_unsupported: { id: 'key-unsupported', title: 'keyProblem.unsupported.title', text: 'keyProblem.unsupported.text', way: 'anotherKey' },
  key_already_registered: { id: 'key-registered-elsewhere', title: 'keyProblem.otherAttendee.title', text: 'keyProblem.otherAttendee.text', way: 'anotherKey' },
  key_not_answering: { id: 'key-not-answering', title: 'keyProblem.notAnswering.title', text: 'keyProblem.notAnswering.text', way: 'anotherKey' },
  key_user_action: { id: 'key-user-action', title: 'keyProblem.userAction.title', text: 'keyProblem.userAction.text', way: 'retry' },
  idp_unreachable: { id: 'key-idp-unreachable', title: 'keyProblem.idpUnreachable.title', text: 'keyProblem.idpUnreachable.text', way: 'retry' },
};

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
  const known = excluded ? { id: 'key-excluded', title: 'keyProblem.excluded.title', text: 'keyProblem.excluded.text', way: 'anotherKey' as const } : problems[error.code];
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
    <StepProblem id={known?.id ?? 'key-failed'} title={t((known?.title ?? 'keyProblem.generic.title') as MessageKey)} detail={errorDetail(error, say)}>
      <p>{t((known?.text ?? 'keyProblem.generic.text') as MessageKey)}</p>
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
