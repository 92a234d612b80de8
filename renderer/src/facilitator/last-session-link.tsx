import type { SessionReport } from '../../../shared/domain/session';
import { ErrorNotice } from '../app/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { useAction, useCall } from '../kiosk/use-call';

/**
 * After a reload the report of the session that just ended is one press away: the start
 * screen offers the last ended session's report, named by department and end time.
 */
export function LastSessionLink({ onOpenReport }: { onOpenReport(report: SessionReport): void }) {
  const { t, formatDateTime } = useI18n();
  const latest = useCall('session.latest', {});
  const report = useAction('session.report');
  const session = latest.data;
  if (!session) return null;

  async function open(sessionId: string) {
    const loaded = await report.run({ sessionId });
    if (loaded) onOpenReport(loaded);
  }

  return (
    <div className="last-session">
      <button type="button" className="button last-session__button" onClick={() => void open(session.id)} disabled={report.pending}>
        {t('start.lastSessionReport', { department: session.department, date: session.endedAt ? formatDateTime(session.endedAt) : '' })}
      </button>
      <ErrorNotice error={report.error} />
    </div>
  );
}
