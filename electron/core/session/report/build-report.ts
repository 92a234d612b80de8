import type { Attendee, Enrollment, Session, SessionReport } from '../../../../shared/domain/session';
import { countedStepIds, stepIds } from '../../../../shared/domain/step-table';
import { isDone } from '../../../../shared/domain/steps';
import type { StepStates } from '../../store/steps-repository';

export interface ReportRow {
  attendee: Attendee;
  steps: StepStates;
  enrollment: Enrollment | null;
}

/**
 * Counts per step, and for everyone not done which of the steps that count are open and why.
 * `elsewhere`: in a shared session, the attendees other stations hold (not among `rows`).
 */
export function buildReport(session: Session, rows: readonly ReportRow[], elsewhere: SessionReport['elsewhere'] = []): SessionReport {
  const perStep = Object.fromEntries(
    stepIds.map((step) => [step, { done: 0, skipped: 0, failed: 0, pending: 0 }]),
  ) as SessionReport['perStep'];
  const incomplete: SessionReport['incomplete'] = [];
  let complete = 0;
  for (const row of rows) {
    for (const step of stepIds) {
      const status = row.steps[step].status;
      const counts = perStep[step];
      if (status === 'done') counts.done += 1;
      else if (status === 'skipped') counts.skipped += 1;
      else if (status === 'failed') counts.failed += 1;
      else counts.pending += 1;
    }
    if (isDone(row.steps)) {
      complete += 1;
      continue;
    }
    incomplete.push({
      attendee: row.attendee,
      open: countedStepIds
        .filter((step) => row.steps[step].status !== 'done')
        .map((step) => ({ step, status: row.steps[step].status, reason: row.steps[step].reason })),
    });
  }
  const outcomes = { enrolled: 0, waitingForIdp: 0, incomplete: 0 };
  const departments = new Map<string, SessionReport['departments'][number]>();
  for (const row of rows) {
    const outcome = outcomeOf(row);
    outcomes[outcome] += 1;
    const department = departments.get(row.attendee.department) ?? { department: row.attendee.department, total: 0, enrolled: 0, waitingForIdp: 0 };
    department.total += 1;
    if (outcome === 'enrolled') department.enrolled += 1;
    if (outcome === 'waitingForIdp') department.waitingForIdp += 1;
    departments.set(row.attendee.department, department);
  }
  return {
    session,
    perStep,
    incomplete,
    complete,
    total: rows.length,
    outcomes,
    departments: [...departments.values()].sort((a, b) => a.department.localeCompare(b.department)),
    elsewhere,
  };
}

/** Enrolled only when the IdP said so; anything not settled at the kiosk is incomplete. */
export function outcomeOf(row: ReportRow): Enrollment['outcome'] {
  return row.enrollment?.outcome ?? 'incomplete';
}
