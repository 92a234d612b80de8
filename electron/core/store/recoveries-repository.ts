import type { Statement } from 'better-sqlite3';
import type { RecoveryAct, RecoveryActKind, RecoveryPerson } from '../../../shared/domain/recovery';
import type { SecondSignal } from '../../../shared/domain/session';
import type { Db } from './open-database';
import { statementCache } from './statement-cache';

export interface RecoveryRow {
  id: string;
  person: RecoveryPerson;
  foundBy: 'badgeId' | 'email' | 'username';
  status: 'open' | 'completed';
  startedBy: string;
  startedAt: string;
  updatedAt: string;
}

export interface RecoveryIdentityCheck {
  id: number;
  recoveryId: string;
  faceConfirmed: boolean;
  secondSignal: SecondSignal;
  note: string | null;
  helpdesk: string;
  decidedAt: string;
}

/** An act as stored: its data is public facts only (ids, names), never a code, PIN or link. */
export interface StoredAct extends RecoveryAct {
  data: Record<string, unknown>;
}

interface Row {
  id: string;
  idp_user: string;
  found_by: RecoveryRow['foundBy'];
  status: RecoveryRow['status'];
  started_by: string;
  started_at: string;
  updated_at: string;
}

function fromRow(row: Row): RecoveryRow {
  return {
    id: row.id,
    person: JSON.parse(row.idp_user) as RecoveryPerson,
    foundBy: row.found_by,
    status: row.status,
    startedBy: row.started_by,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
  };
}

/** The recoveries, their identity checks and their append-only acts (migration 017-recoveries). */
export class RecoveriesRepository {
  private readonly sql: (sql: string) => Statement;

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  insert(recovery: RecoveryRow): void {
    this
      .sql('INSERT INTO recoveries (id, idp_user_id, idp_user, found_by, status, started_by, started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(recovery.id, recovery.person.id, JSON.stringify(recovery.person), recovery.foundBy, recovery.status, recovery.startedBy, recovery.startedAt, recovery.updatedAt);
  }

  get(id: string): RecoveryRow | null {
    const row = this.sql('SELECT * FROM recoveries WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** Open ones first, then the latest; at most `limit`. */
  list(limit: number): RecoveryRow[] {
    const rows = this.sql("SELECT * FROM recoveries ORDER BY status = 'open' DESC, updated_at DESC, rowid DESC LIMIT ?").all(limit) as Row[];
    return rows.map(fromRow);
  }

  /** The person's recovery still open, if any: one at a time per person. */
  openFor(idpUserId: string): RecoveryRow | null {
    const row = this.sql("SELECT * FROM recoveries WHERE idp_user_id = ? AND status = 'open' ORDER BY started_at DESC LIMIT 1").get(idpUserId) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  setStatus(id: string, status: RecoveryRow['status'], at: string): void {
    this.sql('UPDATE recoveries SET status = ?, updated_at = ? WHERE id = ?').run(status, at, id);
  }

  touch(id: string, at: string): void {
    this.sql('UPDATE recoveries SET updated_at = ? WHERE id = ?').run(at, id);
  }

  insertIdentityCheck(check: Omit<RecoveryIdentityCheck, 'id'>): number {
    const result = this
      .sql(
        `INSERT INTO recovery_identity_checks (recovery_id, decision, face_confirmed, second_signal, note, reason, helpdesk, decided_at)
         VALUES (?, 'confirmed', ?, ?, ?, NULL, ?, ?)`,
      )
      .run(check.recoveryId, check.faceConfirmed ? 1 : 0, check.secondSignal, check.note, check.helpdesk, check.decidedAt);
    return Number(result.lastInsertRowid);
  }

  identityCheck(recoveryId: string): RecoveryIdentityCheck | null {
    const row = this.sql("SELECT * FROM recovery_identity_checks WHERE recovery_id = ? AND decision = 'confirmed' ORDER BY id DESC LIMIT 1").get(recoveryId) as
      | { id: number; recovery_id: string; face_confirmed: number; second_signal: SecondSignal; note: string | null; helpdesk: string; decided_at: string }
      | undefined;
    if (!row) return null;
    return { id: row.id, recoveryId: row.recovery_id, faceConfirmed: row.face_confirmed === 1, secondSignal: row.second_signal, note: row.note, helpdesk: row.helpdesk, decidedAt: row.decided_at };
  }

  addAct(recoveryId: string, act: StoredAct): void {
    this.sql('INSERT INTO recovery_acts (recovery_id, kind, ref, data, actor, at) VALUES (?, ?, ?, ?, ?, ?)').run(recoveryId, act.kind, act.ref, JSON.stringify(act.data), act.actor, act.at);
  }

  /** Oldest first: the order the recovery went. */
  acts(recoveryId: string): StoredAct[] {
    const rows = this.sql('SELECT kind, ref, data, actor, at FROM recovery_acts WHERE recovery_id = ? ORDER BY id').all(recoveryId) as Array<{ kind: RecoveryActKind; ref: string; data: string; actor: string; at: string }>;
    return rows.map((row) => ({ kind: row.kind, ref: row.ref, actor: row.actor, at: row.at, data: JSON.parse(row.data) as Record<string, unknown> }));
  }
}
