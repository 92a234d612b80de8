import type { ReactNode } from 'react';
import type { KioskError } from '../../../shared/contract/errors';
import type { MessageKey } from '../i18n/en';
import { errorDetail } from '../i18n/error-message';
import { useI18n } from '../i18n/i18n-context';
import { StepProblem } from './step-problem';

const reasons: Record<string, MessageKey> = {
  unknownPrinter: 'printProblem.unknownPrinter',
  queueStopped: 'printProblem.queueStopped',
  spoolerDown: 'printProblem.spoolerDown',
  renderFailed: 'printProblem.renderFailed',
};

/** A document did not print: nothing is lost, the same document can be sent again. */
export function PrintProblem({ error, onRetry, pending, children }: { error: KioskError; onRetry(): void; pending: boolean; children?: ReactNode }) {
  const { t, say } = useI18n();
  const reason = (error.details as { reason?: string } | undefined)?.reason;
  return (
    <StepProblem id="print-failed" title={t('printProblem.title')} detail={errorDetail(error, say)}>
      <p>{t(reason && reasons[reason] ? reasons[reason] : 'printProblem.other')}</p>
      <div className="actions">
        <button type="button" className="button button--primary button--large" onClick={onRetry} disabled={pending}>
          {pending ? t('common.working') : t('printProblem.retry')}
        </button>
      </div>
      {children}
    </StepProblem>
  );
}
