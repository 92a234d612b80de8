import type { Locale } from '../../../../shared/domain/locale';
import type { Session } from '../../../../shared/domain/session';
import { stepIds } from '../../../../shared/domain/step-table';
import { isDone } from '../../../../shared/domain/steps';
import { outcomeOf, type ReportRow } from './build-report';
import { csvLine } from './csv-cell';
import { reasonInWords, reportWords } from './report-words';

/** "session-research-and-development-2026-11-21.csv": safe on every file system. */
export function reportFilename(session: Session): string {
  const slug =
    session.department
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'department';
  return `session-${slug}-${session.startedAt.slice(0, 10)}.csv`;
}

/**
 * The session report as CSV in `locale`, one line per attendee with every step's status and
 * reason (a reason is stored as a code: it reads in the report's language, whoever skipped).
 * Starts with a UTF-8 byte order mark so spreadsheet programs show umlauts correctly; every
 * cell goes through the formula guard, roster data included.
 */
export function reportCsv(session: Session, rows: readonly ReportRow[], locale: Locale): string {
  const words = reportWords[locale];
  const { columns } = words;
  const header = [
    columns.badgeId,
    columns.givenName,
    columns.familyName,
    columns.email,
    columns.department,
    columns.manager,
    ...stepIds.flatMap((step) => [words.stepStatusColumn.replace('{step}', words.step[step]), words.stepReasonColumn.replace('{step}', words.step[step])]),
    columns.complete,
    columns.outcome,
    columns.authenticators,
  ];
  let csv = `\uFEFF${csvLine(header)}`;
  for (const row of rows) {
    const { attendee, steps, enrollment } = row;
    csv += csvLine([
      attendee.badgeId,
      attendee.givenName,
      attendee.familyName,
      attendee.email,
      attendee.department,
      attendee.manager,
      ...stepIds.flatMap((step) => {
        const { status, reason } = steps[step];
        return [words.status[status], reason ? reasonInWords(words, reason) : ''];
      }),
      isDone(steps) ? words.yes : words.no,
      words.outcome[outcomeOf(row)],
      String(enrollment?.authenticators ?? ''),
    ]);
  }
  return csv;
}
