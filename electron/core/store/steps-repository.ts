import { stepIds, type StepId, type StepReasonCode } from '../../../shared/domain/step-table';
import type { StepReason, StepState, StepStatus } from '../../../shared/domain/steps';
import type { Statement } from 'better-sqlite3';
import type { Db } from './open-database';
import { statementCache } from './statement-cache';

interface StepRow {
  attendee_id: string;
  step: StepId;
  status: StepStatus;
  reason_code: StepReasonCode | null;
  reason_note: string | null;
  updated_at: string | null;
}

export type StepStates = Record<StepId, StepState>;

/** A step without a row has not started: pending rows are implied, so an import writes one row per attendee instead of one per step. */
export function pendingStates(): StepStates {
  return Object.fromEntries(stepIds.map((step) => [step, { status: 'pending', reason: null, updatedAt: null }])) as StepStates;
}

function stateOf(row: StepRow): StepState {
  const reason: StepReason | null = row.reason_code ? { code: row.reason_code, note: row.reason_note } : null;
  return { status: row.status, reason, updatedAt: row.updated_at };
}

/** The attendee_steps table: one row per attendee and journey step once it moved, written the moment it happens. */
export class StepsRepository {
  private readonly sql: (sql: string) => Statement;

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  set(attendeeId: string, step: StepId, status: StepStatus, reason: StepReason | null, at: string): void {
    this.sql(
      `INSERT INTO attendee_steps (attendee_id, step, status, reason_code, reason_note, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (attendee_id, step) DO UPDATE SET status = excluded.status, reason_code = excluded.reason_code,
         reason_note = excluded.reason_note, updated_at = excluded.updated_at`,
    ).run(attendeeId, step, status, reason?.code ?? null, reason?.note ?? null, at);
  }

  get(attendeeId: string): StepStates {
    const states = pendingStates();
    const rows = this.sql('SELECT * FROM attendee_steps WHERE attendee_id = ?').all(attendeeId) as StepRow[];
    for (const row of rows) states[row.step] = stateOf(row);
    return states;
  }

  /** All attendees of a session at once, so the board costs one query, not one per row. */
  listBySession(sessionId: string): Map<string, StepStates> {
    const rows = this
      .sql(
        `SELECT st.* FROM attendee_steps st JOIN roster_entries r ON r.id = st.attendee_id WHERE r.session_id = ?`,
      )
      .all(sessionId) as StepRow[];
    const byAttendee = new Map<string, StepStates>();
    for (const row of rows) {
      let states = byAttendee.get(row.attendee_id);
      if (!states) {
        states = pendingStates();
        byAttendee.set(row.attendee_id, states);
      }
      states[row.step] = stateOf(row);
    }
    return byAttendee;
  }
}
