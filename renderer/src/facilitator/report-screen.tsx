import { useState } from 'react';
import type { SessionReport } from '../../../shared/domain/session';
import { ErrorNotice } from '../app/error-notice';
import { ScreenHeading } from '../app/screen-heading';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import { downloadTextFile } from './download-file';
import { ReportFigures } from './report-figures';
import { ReportIncomplete } from './report-incomplete';

/** The ended session: export and a new session on top, the figures beside who is still incomplete. */
export function ReportScreen({ report, onNewSession }: { report: SessionReport; onNewSession(): void }) {
  const { t, tn, formatTime, locale } = useI18n();
  const exportCsv = useAction('session.exportCsv');
  const [saved, setSaved] = useState<string | null>(null);

  async function runExport() {
    // The CSV speaks the screen's language: its headings, statuses and reasons.
    const file = await exportCsv.run({ sessionId: report.session.id, locale });
    if (!file) return;
    downloadTextFile(file.filename, file.csv);
    setSaved(file.filename);
  }

  return (
    <section className="screen screen--wide screen--fill" aria-labelledby="report-title">
      <div className="report__head">
        <div>
          <ScreenHeading id="report-title">{t('report.title')}</ScreenHeading>
          <p className="screen__intro">
            {t('board.subtitle', { department: report.session.department, room: report.session.room, facilitator: report.session.facilitator })}
            {report.session.endedAt ? ` · ${t('report.endedAt', { time: formatTime(report.session.endedAt) })}` : null}
          </p>
          {report.elsewhere.map(({ station, attendees }) => (
            <p key={station.kioskId} className="report__elsewhere" data-testid="report-elsewhere">
              {tn('report.elsewhere', attendees, { station: station.name })}
            </p>
          ))}
          {saved ? (
            <p className="report__saved" role="status">
              {t('report.exported', { file: saved })}
            </p>
          ) : null}
        </div>
        <div className="actions actions--end">
          <button type="button" className="button button--primary" onClick={() => void runExport()} disabled={exportCsv.pending}>
            {exportCsv.pending ? t('common.working') : t('report.export')}
          </button>
          <button type="button" className="button" onClick={onNewSession}>
            {t('report.newSession')}
          </button>
        </div>
      </div>
      <ErrorNotice error={exportCsv.error} />
      <div className="report">
        <ReportFigures report={report} />
        <ReportIncomplete incomplete={report.incomplete} />
      </div>
    </section>
  );
}
