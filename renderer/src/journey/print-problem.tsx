import type { ReactNode } from 'react';
import type { KioskError } from '../../../shared/contract/errors';
import { useI18n } from '../i18n/i18n-context';
import { StepProblem } from './step-problem';

/** A document did not print: what the kiosk said about it, and that the same document can be sent again. */
export function PrintProblem({ error, onRetry, pending, children }: { error: KioskError; onRetry(): void; pending: boolean; children?: ReactNode }) {
  const { t, say } = useI18n();
  return (
    <StepProblem id="print-failed" title={t('printProblem.title')}>
      <p>{say(error.says)}</p>
      <p>{t('printProblem.nothingLost')}</p>
      <div className="actions">
        <button type="button" className="button button--primary button--large" onClick={onRetry} disabled={pending}>
          {pending ? t('common.working') : t('printProblem.retry')}
        </button>
      </div>
      {children}
    </StepProblem>
  );
}
