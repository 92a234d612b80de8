import { useEffect } from 'react';
import type { PrinterCondition, PrinterStatus } from '../../../shared/contract/printers-calls';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';
import { useCall } from '../kiosk/use-call';
import { RecheckableSection } from './recheckable-section';
import { StateTag, StatusFact, type StateTone } from './status-fact';
import { useReportAttention, type ReportAttention } from './use-report-attention';

/** CUPS sends no events to the kiosk; a printer running out of paper shows up within this. */
const recheckMs = 30_000;

const stateView: Record<PrinterCondition, { tone: StateTone; label: MessageKey; next: MessageKey | null }> = {
  idle: { tone: 'ok', label: 'kioskStatus.printers.idle', next: null },
  printing: { tone: 'ok', label: 'kioskStatus.printers.printing', next: null },
  stopped: { tone: 'bad', label: 'kioskStatus.printers.stopped', next: 'kioskStatus.printers.stoppedNext' },
  rejecting: { tone: 'bad', label: 'kioskStatus.printers.rejecting', next: 'kioskStatus.printers.rejectingNext' },
  unknownPrinter: { tone: 'bad', label: 'kioskStatus.printers.unknown', next: 'kioskStatus.printers.unknownNext' },
  spoolerDown: { tone: 'bad', label: 'kioskStatus.printers.spoolerDown', next: 'kioskStatus.printers.spoolerDownNext' },
};

/** Training on a machine without this queue: not a fault, the page shows on screen. */
const onScreenView: { tone: StateTone; label: MessageKey; next: MessageKey } = { tone: 'warn', label: 'kioskStatus.printers.onScreen', next: 'kioskStatus.printers.onScreenNext' };

const roleKeys: Record<PrinterStatus['role'], MessageKey> = {
  sheet: 'kioskStatus.printers.role.sheet',
  label: 'kioskStatus.printers.role.label',
};

/** The printer's own "out of paper" reasons (media-empty-error, media-needed, ...). */
const outOfPaper = (item: PrinterStatus) => item.alerts.some((alert) => /^media-(empty|needed)/.test(alert));

/** A queue that cannot print now, or a printer out of paper; in training a missing queue prints on screen. */
const needsAttention = (item: PrinterStatus) => !item.onScreen && (stateView[item.state].tone === 'bad' || outOfPaper(item));

function PrinterCard({ item }: { item: PrinterStatus }) {
  const { t } = useI18n();
  const noPaper = outOfPaper(item) && (item.state === 'idle' || item.state === 'printing' || item.state === 'stopped');
  const view = item.onScreen ? onScreenView : stateView[item.state];
  const tone: StateTone = noPaper && view.tone === 'ok' ? 'warn' : view.tone;
  const next = noPaper ? (item.state === 'stopped' ? 'kioskStatus.printers.noPaperStoppedNext' : 'kioskStatus.printers.noPaperNext') : view.next;
  return (
    <li className="status-card" data-testid="printer-card" data-role={item.role}>
      <div className="status-card__head">
        <h3 className="status-card__title">{t(roleKeys[item.role])}</h3>
      </div>
      <dl className="facts">
        <StatusFact label={t('kioskStatus.printers.queue')} testId="printer-queue">
          <code>{item.queue}</code>
        </StatusFact>
        <StatusFact label={t('kioskStatus.printers.media')}>{item.media}</StatusFact>
        <StatusFact label={t('kioskStatus.printers.state')} testId="printer-state">
          <StateTag tone={tone}>{noPaper ? t('kioskStatus.printers.noPaper') : t(view.label)}</StateTag>
        </StatusFact>
      </dl>
      {next ? (
        <div className={`notice ${tone === 'bad' ? 'notice--error' : 'notice--warning'}`} data-testid="printer-next">
          <p>{t(next, { queue: item.queue, role: item.role })}</p>
          {item.reason ? <p className="notice__detail">{t('kioskStatus.printers.cupsSays', { reason: item.reason })}</p> : null}
        </div>
      ) : null}
    </li>
  );
}

/** The two configured CUPS queues, each with its state and what to do when it cannot print. */
export function PrintersSection({ onAttention }: { onAttention?: ReportAttention }) {
  const { t } = useI18n();
  const status = useCall('printers.status', {});
  const { reload } = status;
  useEffect(() => {
    const timer = setInterval(reload, recheckMs);
    return () => clearInterval(timer);
  }, [reload]);

  const data = status.data;
  useReportAttention(onAttention, data ? data.printers.some(needsAttention) || data.keepsJobFiles === true : false);
  return (
    <RecheckableSection id="status-printers-title" title={t('kioskStatus.printers.title')} testId="status-printers" loading={status.loading} error={status.error} onRecheck={reload}>
      {data ? (
        <>
          <ul className="status-cards">
            {data.printers.map((item) => (
              <PrinterCard key={item.role} item={item} />
            ))}
          </ul>
          {data.keepsJobFiles === true ? (
            <div className="notice notice--warning" data-testid="printers-keeps-job-files">
              <p>{t('kioskStatus.printers.keepsJobFiles')}</p>
            </div>
          ) : null}
          {data.keepsJobFiles === null ? <p className="muted">{t('kioskStatus.printers.keepsJobFilesUnknown')}</p> : null}
        </>
      ) : null}
    </RecheckableSection>
  );
}
