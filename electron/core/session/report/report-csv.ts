import type { Session } from '../../../../shared/domain/session';
import { isDone, stepIds, type StepId } from '../../../../shared/domain/steps';
import { outcomeOf, type ReportRow } from './build-report';
import { csvLine } from './csv-cell';

const stepLabels: Record<StepId, string> = {
  badge: 'Badge check',
  platformPasskey: 'Platform passkey',
  backupKey: 'Backup key',
  recoveryCodes: 'Recovery codes',
  envelope: 'Envelope',
};

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
 * The session report as CSV, one line per attendee with every step's status and reason.
 * Starts with a UTF-8 byte order mark so spreadsheet programs show umlauts correctly; every
 * cell goes through the formula guard, roster data included.
 */
export function reportCsv(session: Session, rows: readonly ReportRow[]): string {
  const header = [
    'Badge ID',
    'Given name',
    'Family name',
    'Email',
    'Department',
    'Manager',
    ...stepIds.flatMap((step) => [`${stepLabels[step]} status`, `${stepLabels[step]} reason`]),
    'Complete',
    'Outcome at the IdP',
    'Authenticators at the IdP',
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
      ...stepIds.flatMap((step) => [steps[step].status, steps[step].reason ?? '']),
      isDone(steps) ? 'yes' : 'no',
      outcomeOf(row),
      String(enrollment?.authenticators ?? ''),
    ]);
  }
  return csv;
}
