import type { StepState, StepStatus } from '../../../shared/domain/steps';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';
import { reasonText } from '../i18n/step-words';

/** A shape per status, so the status never depends on colour alone. */
const statusIcons: Record<StepStatus, string> = {
  pending: '○',
  inProgress: '◐',
  done: '✓',
  skipped: '↷',
  failed: '✕',
};

export const statusKeys: Record<StepStatus, MessageKey> = {
  pending: 'status.pending',
  inProgress: 'status.inProgress',
  done: 'status.done',
  skipped: 'status.skipped',
  failed: 'status.failed',
};

export function StepStatusCell({ state }: { state: StepState | undefined }) {
  const { t } = useI18n();
  const status = state?.status ?? 'pending';
  return (
    <td className={`cell cell--${status}`} data-status={status}>
      <span className="status">
        <span className="status__icon" aria-hidden="true">
          {statusIcons[status]}
        </span>
        <span className="status__text">{t(statusKeys[status])}</span>
      </span>
      {state?.reason ? <span className="status__reason">{reasonText(t, state.reason)}</span> : null}
    </td>
  );
}
