import { useState } from 'react';
import type { SessionReport } from '../../../shared/domain/session';
import { stepIds } from '../../../shared/domain/steps';
import { ErrorNotice } from '../app/error-notice';
import { fullName } from '../app/full-name';
import { ScreenHeading } from '../app/screen-heading';
import { TableScroll } from '../app/table-scroll';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import { downloadTextFile } from './download-file';
import { groupOpenSteps, isKnownStatus } from './open-steps';
import { statusKeys } from './step-status-cell';
import { stepKeys } from './step-names';

const countColumns = ['done', 'skipped', 'failed', 'pending'] as const;

export function ReportScreen({ report, onNewSession }: { report: SessionReport; onNewSession(): void }) {
  const { t, tn, formatTime, formatList } = useI18n();
  const exportCsv = useAction('session.exportCsv');
  const [saved, setSaved] = useState<string | null>(null);

  async function runExport() {
    const file = await exportCsv.run({ sessionId: report.session.id });
    if (!file) return;
    downloadTextFile(file.filename, file.csv);
    setSaved(file.filename);
  }

  const statusText = (status: string) => (isKnownStatus(status) ? t(statusKeys[status]) : status);

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

      <p className="report__summary">{tn('report.summary', report.total, { complete: report.complete })}</p>
      <h2 className="panel__title">{t('report.outcomesTitle')}</h2>
      <p data-testid="report-outcomes">
        {t('report.outcomes', { enrolled: report.outcomes.enrolled, waiting: report.outcomes.waitingForIdp, incomplete: report.outcomes.incomplete })}
      </p>
      <TableScroll label={t('report.adoptionCaption')}>
        <table className="table" data-testid="report-adoption">
          <caption>{t('report.adoptionCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('report.colDepartment')}</th>
              <th scope="col" className="table__number">
                {t('report.colAttendees')}
              </th>
              <th scope="col" className="table__number">
                {t('report.colEnrolled')}
              </th>
              <th scope="col" className="table__number">
                {t('report.colWaiting')}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.departments.map((row) => (
              <tr key={row.department}>
                <th scope="row">{row.department}</th>
                <td className="table__number">{row.total}</td>
                <td className="table__number">{row.enrolled}</td>
                <td className="table__number">{row.waitingForIdp}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

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
          <TableScroll label={t('report.incompleteCaption')}>
            <table className="table" data-testid="report-incomplete">
              <thead>
                <tr>
                  <th scope="col">{t('board.colAttendee')}</th>
                  <th scope="col">{t('board.colBadge')}</th>
                  <th scope="col">{t('report.openSteps')}</th>
                </tr>
              </thead>
              <tbody>
                {report.incomplete.map((entry) => (
                  <tr key={entry.attendee.id} data-badge={entry.attendee.badgeId}>
                    <th scope="row">{fullName(entry.attendee)}</th>
                    <td className="table__number">{entry.attendee.badgeId}</td>
                    <td>
                      {groupOpenSteps(entry.open).map((group) => (
                        <p key={group.status} className="open-group">
                          {t('report.openGroup', {
                            status: statusText(group.status),
                            steps: formatList(
                              group.steps.map(({ step, reason }) =>
                                reason ? t('report.stepWithReason', { step: t(stepKeys[step]), reason }) : t(stepKeys[step]),
                              ),
                            ),
                          })}
                        </p>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </section>
  );
}
