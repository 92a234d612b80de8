import { shareOf, type FleetReport, type FleetReportFigures } from '../../../shared/domain/fleet-report';
import { stepIds } from '../../../shared/domain/step-table';
import { TableScroll } from '../app/table-scroll';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/en';
import { stepNameKey } from '../i18n/step-words';
import { groupKeys } from './fleet-report-groups';

const captionKeys: Record<FleetReport['groupBy'], MessageKey> = {
  department: 'fleetReport.captionDepartment',
  site: 'fleetReport.captionSite',
  kiosk: 'fleetReport.captionKiosk',
  week: 'fleetReport.captionWeek',
};

/**
 * One line per group and the fleet's total in the foot: of the roster's attendees, how many
 * completed every step, and per step how many did it (with the share), skipped or failed it.
 * The rows scroll in their own region under a header that stays.
 */
export function FleetReportTable({ report }: { report: FleetReport }) {
  const { t, locale } = useI18n();
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const share = (part: number, figures: FleetReportFigures) => {
    const value = shareOf(part, figures.attendees);
    return value === null ? String(part) : t('fleetReport.countWithShare', { count: part, share: percent.format(value) });
  };
  const cells = (figures: FleetReportFigures) => (
    <>
      <td className="table__number">{figures.attendees}</td>
      <td className="table__number">{share(figures.complete, figures)}</td>
      {stepIds.map((step) => {
        const counts = figures.steps[step];
        return (
          <td key={step} className="table__number">
            {share(counts.done, figures)}
            {counts.skipped + counts.failed > 0 ? (
              <span className="fleet-report__open">{t('fleetReport.skippedFailed', { skipped: counts.skipped, failed: counts.failed })}</span>
            ) : null}
          </td>
        );
      })}
    </>
  );
  const caption = t(captionKeys[report.groupBy]);
  return (
    <TableScroll label={caption} fill>
      <table className="table table--compact fleet-report__table" data-testid="fleet-report-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t(groupKeys[report.groupBy])}</th>
            <th scope="col" className="table__number">
              {t('fleetReport.colAttendees')}
            </th>
            <th scope="col" className="table__number">
              {t('fleetReport.colComplete')}
            </th>
            {stepIds.map((step) => (
              <th scope="col" key={step} className="table__number">
                {t(stepNameKey(step))}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row" title={row.key === row.label ? undefined : row.key}>
                {row.label}
              </th>
              {cells(row.figures)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('fleetReport.total')}</th>
            {cells(report.total)}
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  );
}
