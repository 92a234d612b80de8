import type { BoardRow } from '../../../shared/domain/session';
import { journeyStepIds, stepIds } from '../../../shared/domain/step-table';
import { fullName } from '../app/full-name';
import { TableScroll } from '../app/table-scroll';
import { useI18n } from '../i18n/i18n-context';
import { EnrollmentCell } from './enrollment-cell';
import { StationMark } from './station-mark';
import { stepNameKey } from '../i18n/step-words';
import { StepStatusCell } from './step-status-cell';

/** The journey is behind them (every step done or skipped): the core still decides whether new codes may be printed. */
function journeyFinished(row: BoardRow): boolean {
  return journeyStepIds.every((step) => row.steps[step].status === 'done' || row.steps[step].status === 'skipped');
}

/**
 * Attendees × steps: one row per attendee, one status cell per step, then what the IdP says;
 * in a session shared among stations, the station that holds each attendee under their name.
 * An attendee whose journey is finished can get new recovery codes from their row.
 */
export function BoardGrid({ rows, onNewCodes }: { rows: BoardRow[]; onNewCodes?(row: BoardRow): void }) {
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
                {/* Under the name, not a column of its own: the board already fills a 1366-wide display. */}
                {onNewCodes && journeyFinished(row) ? (
                  <button type="button" className="button button--small board__row-action" onClick={() => onNewCodes(row)} aria-label={t('board.newCodesFor', { name: fullName(row.attendee) })}>
                    {t('board.newCodes')}
                  </button>
                ) : null}
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
