import { stepIds, type StepId, type StepState, type StepStatus } from '../../../shared/domain/steps';
import type { Statement } from 'better-sqlite3';
import type { Db } from './open-database';
import { statementCache } from './statement-cache';

interface StepRow {
  attendee_id: string;
  step: StepId;
  status: StepStatus;
  reason: string | null;
  updated_at: string | null;
}

export type StepStates = Record<StepId, StepState>;

function emptyStates(): StepStates {
  return Object.fromEntries(stepIds.map((step) => [step, { status: 'pending', reason: null, updatedAt: null }])) as StepStates;
}

/** The attendee_steps table: one row per attendee and journey step, written the moment it happens. */
export class StepsRepository {
  private readonly sql: (sql: string) => Statement;

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  /** Every step of a new attendee starts pending; call in the import's transaction. */
  insertPending(attendeeId: string): void {
    const insert = this.sql("INSERT INTO attendee_steps (attendee_id, step, status) VALUES (?, ?, 'pending')");
    for (const step of stepIds) insert.run(attendeeId, step);
  }

  set(attendeeId: string, step: StepId, status: StepStatus, reason: string | null, at: string): void {
    this
      .sql('UPDATE attendee_steps SET status = ?, reason = ?, updated_at = ? WHERE attendee_id = ? AND step = ?')
      .run(status, reason, at, attendeeId, step);
  }

  get(attendeeId: string): StepStates {
    const states = emptyStates();
    const rows = this.sql('SELECT * FROM attendee_steps WHERE attendee_id = ?').all(attendeeId) as StepRow[];
    for (const row of rows) states[row.step] = { status: row.status, reason: row.reason, updatedAt: row.updated_at };
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
        states = emptyStates();
        byAttendee.set(row.attendee_id, states);
      }
      states[row.step] = { status: row.status, reason: row.reason, updatedAt: row.updated_at };
    }
    return byAttendee;
  }
}
