import type { SessionReport } from '../../../shared/domain/session';
import { fullName } from '../app/full-name';
import { TableScroll } from '../app/table-scroll';
import { useI18n } from '../i18n/i18n-context';
import { reasonText, stepNameKey } from '../i18n/step-words';
import { groupOpenSteps, isKnownStatus } from './open-steps';
import { statusKeys } from './step-status-cell';

/** Who did not finish and what is still open for each, in a region that scrolls beside the figures. */
export function ReportIncomplete({ incomplete }: { incomplete: SessionReport['incomplete'] }) {
  const { t, formatList } = useI18n();
  const statusText = (status: string) => (isKnownStatus(status) ? t(statusKeys[status]) : status);
  return (
    <section aria-labelledby="incomplete-title" className="report__incomplete">
      <h2 id="incomplete-title" className="panel__title">
        {t('report.incompleteTitle')}
      </h2>
      {incomplete.length === 0 ? (
        <p>{t('report.allComplete')}</p>
      ) : (
        <TableScroll label={t('report.incompleteCaption')} fill>
          <table className="table table--compact" data-testid="report-incomplete">
            <thead>
              <tr>
                <th scope="col">{t('board.colAttendee')}</th>
                <th scope="col">{t('board.colBadge')}</th>
                <th scope="col">{t('report.openSteps')}</th>
              </tr>
            </thead>
            <tbody>
              {incomplete.map((entry) => (
                <tr key={entry.attendee.id} data-badge={entry.attendee.badgeId}>
                  <th scope="row">{fullName(entry.attendee)}</th>
                  <td className="table__number">{entry.attendee.badgeId}</td>
                  <td>
                    {groupOpenSteps(entry.open).map((group) => (
                      <p key={group.status} className="open-group">
                        {t('report.openGroup', {
                          status: statusText(group.status),
                          steps: formatList(
                            group.steps.map(({ step, reason }) => (reason ? t('report.stepWithReason', { step: t(stepNameKey(step)), reason: reasonText(t, reason) }) : t(stepNameKey(step)))),
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
  );
}
