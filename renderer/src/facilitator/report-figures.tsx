import type { SessionReport } from '../../../shared/domain/session';
import { stepIds } from '../../../shared/domain/step-table';
import { TableScroll } from '../app/table-scroll';
import { useI18n } from '../i18n/i18n-context';
import { stepNameKey } from '../i18n/step-words';
import { statusKeys } from './step-status-cell';

const countColumns = ['done', 'skipped', 'failed', 'pending'] as const;

/** The session in figures: who completed, what the IdP says, adoption per department, and each step's counts. */
export function ReportFigures({ report }: { report: SessionReport }) {
  const { t, tn } = useI18n();
  return (
    <div className="report__figures">
      <p className="report__summary">{tn('report.summary', report.total, { complete: report.complete })}</p>
      <h2 className="panel__title">{t('report.outcomesTitle')}</h2>
      <p data-testid="report-outcomes">
        {t('report.outcomes', { enrolled: report.outcomes.enrolled, waiting: report.outcomes.waitingForIdp, incomplete: report.outcomes.incomplete })}
      </p>
      <TableScroll label={t('report.adoptionCaption')}>
        <table className="table table--compact" data-testid="report-adoption">
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
        <table className="table table--compact" data-testid="report-steps">
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
                <th scope="row">{t(stepNameKey(step))}</th>
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
    </div>
  );
}
