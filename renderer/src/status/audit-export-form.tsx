import { useState } from 'react';
import { calls } from '../../../shared/contract/calls';
import { useMayCall } from '../access/may-call';
import { ErrorNotice } from '../app/error-notice';
import { downloadTextFile } from '../facilitator/download-file';
import { useI18n } from '../i18n/i18n-context';
import { useAction, useCall } from '../kiosk/use-call';
import { StatusFact } from './status-fact';

/** A date field's value (YYYY-MM-DD) for a local day `daysAgo` before today. */
function localDay(daysAgo: number): string {
  const day = new Date();
  day.setDate(day.getDate() - daysAgo);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

/** The local midnight starting the day `value` names, `plusDays` later, as an instant; null for an empty field. */
function startOfLocalDay(value: string, plusDays: number): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + plusDays).toISOString();
}

/**
 * The key that signs audit exports (its fingerprint, for IT to record), and for IT the export
 * of a range of days as one signed file: both days included, in the kiosk's local time.
 */
export function AuditExportForm() {
  const { t, tn } = useI18n();
  const signingKey = useCall('audit.signingKey', {});
  const mayExport = useMayCall('audit.export');
  const exportAudit = useAction('audit.export');
  const [from, setFrom] = useState(() => localDay(30));
  const [to, setTo] = useState(() => localDay(0));
  const [saved, setSaved] = useState<{ file: string; events: number } | null>(null);
  const range = calls['audit.export'].input.safeParse({ from: startOfLocalDay(from, 0), to: startOfLocalDay(to, 1) });

  async function runExport() {
    if (!range.success) return;
    const file = await exportAudit.run(range.data);
    if (!file) return;
    downloadTextFile(file.filename, file.json, 'application/json;charset=utf-8');
    setSaved({ file: file.filename, events: file.events });
  }

  return (
    <div className="audit-export" data-testid="audit-export">
      <ErrorNotice error={signingKey.error} />
      {signingKey.data ? (
        <dl className="facts">
          <StatusFact label={t('kioskStatus.audit.signingKey')} testId="audit-signing-key">
            <code>{signingKey.data.fingerprint}</code>
          </StatusFact>
        </dl>
      ) : null}
      <p className="muted">{t('kioskStatus.audit.signingKeyText')}</p>
      {mayExport ? (
        <form
          className="audit-export__form"
          aria-label={t('kioskStatus.audit.exportTitle')}
          onSubmit={(event) => {
            event.preventDefault();
            void runExport();
          }}
        >
          <div className="audit-export__controls">
            <div className="field">
              <label className="field__label">
                {t('kioskStatus.audit.exportFrom')}
                <input type="date" className="field__input" value={from} onChange={(event) => setFrom(event.target.value)} data-testid="audit-export-from" />
              </label>
            </div>
            <div className="field">
              <label className="field__label">
                {t('kioskStatus.audit.exportTo')}
                <input type="date" className="field__input" value={to} onChange={(event) => setTo(event.target.value)} data-testid="audit-export-to" />
              </label>
            </div>
            <button type="submit" className="button button--primary" disabled={exportAudit.pending || !range.success} data-testid="audit-export-run">
              {exportAudit.pending ? t('common.working') : t('kioskStatus.audit.export')}
            </button>
          </div>
          {!range.success ? <p className="field__hint">{t('kioskStatus.audit.exportRangeInvalid')}</p> : null}
          <p className="muted">{t('kioskStatus.audit.exportText')}</p>
          {saved ? (
            <p className="report__saved" role="status" data-testid="audit-export-saved">
              {tn('kioskStatus.audit.exported', saved.events, { file: saved.file })}
            </p>
          ) : null}
          <ErrorNotice error={exportAudit.error} />
        </form>
      ) : null}
    </div>
  );
}
