import type { ReactNode } from 'react';
import type { KioskError } from '../../../shared/contract/errors';
import { ErrorNotice } from '../app/error-notice';
import { useI18n } from '../i18n/i18n-context';

interface RecheckableSectionProps {
  id: string;
  title: string;
  testId: string;
  loading: boolean;
  error: KioskError | null;
  onRecheck: () => void;
  children: ReactNode;
}

/** A status panel whose facts come from one call, with a "Check again" button and its error. */
export function RecheckableSection({ id, title, testId, loading, error, onRecheck, children }: RecheckableSectionProps) {
  const { t } = useI18n();
  return (
    <section className="panel status-section" aria-labelledby={id} data-testid={testId}>
      <div className="status-section__head">
        <h2 id={id} className="panel__title">
          {title}
        </h2>
        <button type="button" className="button button--small" onClick={onRecheck} disabled={loading}>
          {loading ? t('common.working') : t('kioskStatus.checkAgain')}
        </button>
      </div>
      <ErrorNotice error={error} />
      {children}
    </section>
  );
}
