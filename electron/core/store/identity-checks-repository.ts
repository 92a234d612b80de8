import type { SecondSignal } from '../../../shared/domain/session';
import type { Statement } from 'better-sqlite3';
import type { Db } from './open-database';
import { statementCache } from './statement-cache';

export interface IdentityCheck {
  attendeeId: string;
  decision: 'confirmed' | 'rejected';
  faceConfirmed: boolean;
  secondSignal: SecondSignal | null;
  note: string | null;
  reason: string | null;
  facilitator: string;
  decidedAt: string;
}

interface IdentityCheckRow {
  attendee_id: string;
  decision: 'confirmed' | 'rejected';
  face_confirmed: number;
  second_signal: SecondSignal | null;
  note: string | null;
  reason: string | null;
  facilitator: string;
  decided_at: string;
}

/** The identity_checks table: every confirm or reject decision a facilitator made, kept forever. */
export class IdentityChecksRepository {
  private readonly sql: (sql: string) => Statement;

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  insert(check: IdentityCheck): void {
    this
      .sql(
        `INSERT INTO identity_checks (attendee_id, decision, face_confirmed, second_signal, note, reason, facilitator, decided_at)
         VALUES (@attendeeId, @decision, @faceConfirmed, @secondSignal, @note, @reason, @facilitator, @decidedAt)`,
      )
      .run({ ...check, faceConfirmed: check.faceConfirmed ? 1 : 0 });
  }

  /** The latest decision for an attendee, or null when none was made yet. */
  latest(attendeeId: string): IdentityCheck | null {
    const row = this
      .sql('SELECT * FROM identity_checks WHERE attendee_id = ? ORDER BY id DESC LIMIT 1')
      .get(attendeeId) as IdentityCheckRow | undefined;
    if (!row) return null;
    return {
      attendeeId: row.attendee_id,
      decision: row.decision,
      faceConfirmed: row.face_confirmed === 1,
      secondSignal: row.second_signal,
      note: row.note,
      reason: row.reason,
      facilitator: row.facilitator,
      decidedAt: row.decided_at,
    };
  }
}
