import { useState } from 'react';
import type { SessionReport } from '../../../shared/domain/session';
import { stepIds, stepStatusSchema } from '../../../shared/domain/steps';
import { ErrorNotice } from '../app/error-notice';
import { fullName } from '../app/full-name';
import { ScreenHeading } from '../app/screen-heading';
import { TableScroll } from '../app/table-scroll';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import { downloadTextFile } from './download-file';
import { statusKeys } from './step-status-cell';
import { stepKeys } from './step-names';

const countColumns = ['done', 'skipped', 'failed', 'pending'] as const;

export function ReportScreen({ report, onNewSession }: { report: SessionReport; onNewSession(): void }) {
  const { t, formatTime } = useI18n();
  const exportCsv = useAction('session.exportCsv');
  const [saved, setSaved] = useState<string | null>(null);

  async function runExport() {
    const file = await exportCsv.run({ sessionId: report.session.id });
    if (!file) return;
    downloadTextFile(file.filename, file.csv);
    setSaved(file.filename);
  }

  const statusText = (status: string) => {
    const parsed = stepStatusSchema.safeParse(status);
    return parsed.success ? t(statusKeys[parsed.data]) : status;
  };

  return (
    <section className="screen screen--wide" aria-labelledby="report-title">
      <div className="screen__head">
        <div>
          <ScreenHeading id="report-title">{t('report.title')}</ScreenHeading>
          <p className="screen__intro">
            {t('board.subtitle', { department: report.session.department, room: report.session.room, facilitator: report.session.facilitator })}
          </p>
          {report.session.endedAt ? <p className="muted">{t('report.endedAt', { time: formatTime(report.session.endedAt) })}</p> : null}
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
      {saved ? (
        <p className="notice notice--success" role="status">
          {t('report.exported', { file: saved })}
        </p>
      ) : null}

      <p className="report__summary">{t('report.summary', { complete: report.complete, total: report.total })}</p>

      <TableScroll label={t('report.perStepCaption')}>
        <table className="table" data-testid="report-steps">
          <caption>{t('report.perStepCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('report.colStep')}</th>
              {countColumns.map((column) => (
                <th scope="col" key={column} className="table__number">
                  {t(statusKeys[column])}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {stepIds.map((step) => (
              <tr key={step}>
                <th scope="row">{t(stepKeys[step])}</th>
                {countColumns.map((column) => (
                  <td key={column} className="table__number">
                    {report.perStep[step]?.[column] ?? 0}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <section aria-labelledby="incomplete-title" className="report__incomplete">
        <h2 id="incomplete-title">{t('report.incompleteTitle')}</h2>
        {report.incomplete.length === 0 ? (
          <p>{t('report.allComplete')}</p>
        ) : (
          <ul className="incomplete-list" data-testid="report-incomplete">
            {report.incomplete.map((entry) => (
              <li key={entry.attendee.id} className="incomplete-list__item">
                <p className="incomplete-list__name">{t('report.attendee', { name: fullName(entry.attendee), badge: entry.attendee.badgeId })}</p>
                <p className="muted">{t('report.openSteps')}</p>
                <ul className="incomplete-list__steps">
                  {entry.open.map((open) => (
                    <li key={open.step}>
                      {t('report.openStep', {
                        step: t(stepKeys[open.step]),
                        status: statusText(open.status),
                        reason: open.reason ?? t('report.noReason'),
                      })}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
