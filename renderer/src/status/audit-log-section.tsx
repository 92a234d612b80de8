import { useEffect } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { useCall } from '../kiosk/use-call';
import { useEvent } from '../kiosk/use-event';
import { AuditExportForm } from './audit-export-form';
import { RecheckableSection } from './recheckable-section';
import { StateTag } from './status-fact';
import { useReportAttention, type ReportAttention } from './use-report-attention';

/** The audit log's hash chain, verified from the first event: intact, or where it was changed; its signed export. */
export function AuditLogSection({ operatorActions, onAttention }: { operatorActions: number; onAttention?: ReportAttention }) {
  const { t, tn, say } = useI18n();
  const verify = useCall('audit.verify', {});
  const { reload } = verify;
  // The sync worker and operators append to the log; re-check when they do.
  useEvent('outbox.done', reload);
  useEvent('outbox.parked', reload);
  useEvent('outbox.queued', reload);
  useEffect(() => {
    if (operatorActions > 0) reload();
  }, [operatorActions, reload]);

  const data = verify.data;
  useReportAttention(onAttention, data ? !data.ok : false);
  return (
    <RecheckableSection
      id="status-audit-title"
      title={t('kioskStatus.audit.title')}
      testId="status-audit"
      loading={verify.loading}
      error={verify.error}
      onRecheck={reload}
    >
      {data && data.ok ? (
        <>
          <p className="status-section__headline" data-testid="audit-result">
            <StateTag tone="ok">{tn('kioskStatus.audit.intact', data.events)}</StateTag>
          </p>
          <p className="muted">{t('kioskStatus.audit.intactText')}</p>
        </>
      ) : null}
      {data && !data.ok ? (
        <div className="notice notice--error" role="alert" data-testid="audit-result">
          <p className="notice__title">{t('kioskStatus.audit.broken')}</p>
          {data.problem ? <p>{say(data.problem)}</p> : null}
          {data.firstBadSeq !== null ? <p>{t('kioskStatus.audit.brokenAt', { seq: data.firstBadSeq })}</p> : null}
          <p>{t('kioskStatus.audit.brokenNext')}</p>
        </div>
      ) : null}
      <AuditExportForm />
    </RecheckableSection>
  );
}
