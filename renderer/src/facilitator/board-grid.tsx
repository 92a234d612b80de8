import type { BoardRow } from '../../../shared/domain/session';
import { stepIds } from '../../../shared/domain/step-table';
import { fullName } from '../app/full-name';
import { TableScroll } from '../app/table-scroll';
import { useI18n } from '../i18n/i18n-context';
import { EnrollmentCell } from './enrollment-cell';
import { StationMark } from './station-mark';
import { stepNameKey } from '../i18n/step-words';
import { StepStatusCell } from './step-status-cell';

/**
 * Attendees × steps: one row per attendee, one status cell per step, then what the IdP says;
 * in a session shared among stations, the station that holds each attendee under their name.
 */
export function BoardGrid({ rows }: { rows: BoardRow[] }) {
  const { t } = useI18n();
  return (
    <TableScroll label={t('board.caption')} fill>
      <table className="table board" data-testid="board-grid">
        <caption>{t('board.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('board.colAttendee')}</th>
            <th scope="col">{t('board.colBadge')}</th>
            {stepIds.map((step) => (
              <th scope="col" key={step}>
                {t(stepNameKey(step))}
              </th>
            ))}
            <th scope="col">{t('enrollment.column')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.attendee.id} data-badge={row.attendee.badgeId}>
              <th scope="row">
                {fullName(row.attendee)}
                <StationMark station={row.station} doubleClaim={row.doubleClaim} />
              </th>
              <td className="table__number">{row.attendee.badgeId}</td>
              {stepIds.map((step) => (
                <StepStatusCell key={step} state={row.steps[step]} />
              ))}
              <EnrollmentCell enrollment={row.enrollment} />
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
