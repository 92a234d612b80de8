import type { Session } from '../../../shared/domain/session';
import type { Statement } from 'better-sqlite3';
import type { Db } from './open-database';
import { statementCache } from './statement-cache';

interface SessionRow {
  id: string;
  department: string;
  facilitator: string;
  room: string;
  planned_minutes: number;
  status: 'open' | 'closed';
  started_at: string;
  ended_at: string | null;
  training: number;
}

function fromRow(row: SessionRow): Session {
  return {
    id: row.id,
    department: row.department,
    facilitator: row.facilitator,
    room: row.room,
    plannedMinutes: row.planned_minutes,
    status: row.status,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    training: row.training === 1,
  };
}

/** The sessions table: one row per facilitated session, at most one open at a time. */
export class SessionsRepository {
  private readonly sql: (sql: string) => Statement;

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  insert(session: Session): void {
    this
      .sql(
        `INSERT INTO sessions (id, department, facilitator, room, planned_minutes, status, started_at, ended_at, training)
         VALUES (@id, @department, @facilitator, @room, @plannedMinutes, @status, @startedAt, @endedAt, @training)`,
      )
      .run({ ...session, training: session.training ? 1 : 0 });
  }

  get(id: string): Session | null {
    const row = this.sql('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
    return row ? fromRow(row) : null;
  }

  findOpen(): Session | null {
    const row = this.sql("SELECT * FROM sessions WHERE status = 'open'").get() as SessionRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** The session that ended last; ties (same millisecond) go to the one started later. */
  findLatestClosed(): Session | null {
    const row = this.sql("SELECT * FROM sessions WHERE status = 'closed' ORDER BY ended_at DESC, started_at DESC LIMIT 1").get() as SessionRow | undefined;
    return row ? fromRow(row) : null;
  }

  close(id: string, endedAt: string): void {
    this.sql("UPDATE sessions SET status = 'closed', ended_at = ? WHERE id = ? AND status = 'open'").run(endedAt, id);
  }
}
