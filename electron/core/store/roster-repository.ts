import type { Statement } from 'better-sqlite3';
import type { Db } from './open-database';
import { statementCache } from './statement-cache';

export interface RosterEntry {
  id: string;
  sessionId: string;
  badgeId: string;
  givenName: string;
  familyName: string;
  email: string;
  department: string;
  manager: string;
  photoFile: string | null;
  sourceLine: number;
}

interface RosterRow {
  id: string;
  session_id: string;
  badge_id: string;
  given_name: string;
  family_name: string;
  email: string;
  department: string;
  manager: string;
  photo_file: string | null;
  source_line: number;
}

function fromRow(row: RosterRow): RosterEntry {
  return {
    id: row.id,
    sessionId: row.session_id,
    badgeId: row.badge_id,
    givenName: row.given_name,
    familyName: row.family_name,
    email: row.email,
    department: row.department,
    manager: row.manager,
    photoFile: row.photo_file,
    sourceLine: row.source_line,
  };
}

/** A badge seen in some session's roster, for "this badge belongs to another session". */
export interface BadgeElsewhere {
  sessionId: string;
  department: string;
  sessionStartedAt: string;
}

/** The roster_entries table: the attendees of each session, in import order. */
export class RosterRepository {
  private readonly sql: (sql: string) => Statement;

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  /**
   * Inserts in the caller's transaction; position keeps the file's order on the board. Bound by
   * position, not by name: binding 5,000 rows by name cost a quarter of a roster import.
   */
  insert(entry: RosterEntry, position: number): void {
    this
      .sql(
        `INSERT INTO roster_entries (id, session_id, badge_id, given_name, family_name, email, department, manager, photo_file, source_line, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(entry.id, entry.sessionId, entry.badgeId, entry.givenName, entry.familyName, entry.email, entry.department, entry.manager, entry.photoFile, entry.sourceLine, position);
  }

  /** The position after the last entry, so a second import lands below the first. */
  nextPosition(sessionId: string): number {
    return (this.sql('SELECT COALESCE(MAX(position), 0) + 1 FROM roster_entries WHERE session_id = ?').pluck().get(sessionId) as number);
  }

  get(id: string): RosterEntry | null {
    const row = this.sql('SELECT * FROM roster_entries WHERE id = ?').get(id) as RosterRow | undefined;
    return row ? fromRow(row) : null;
  }

  listBySession(sessionId: string): RosterEntry[] {
    const rows = this.sql('SELECT * FROM roster_entries WHERE session_id = ? ORDER BY position').all(sessionId) as RosterRow[];
    return rows.map(fromRow);
  }

  badgeIds(sessionId: string): Set<string> {
    const rows = this.sql('SELECT badge_id FROM roster_entries WHERE session_id = ?').pluck().all(sessionId) as string[];
    return new Set(rows);
  }

  findByBadge(sessionId: string, badgeId: string): RosterEntry | null {
    const row = this.sql('SELECT * FROM roster_entries WHERE session_id = ? AND badge_id = ?').get(sessionId, badgeId) as RosterRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** This badge's entry in the most recent session that has it (the training IdP's directory). */
  latestByBadge(badgeId: string): RosterEntry | null {
    const row = this
      .sql(`SELECT r.* FROM roster_entries r JOIN sessions s ON s.id = r.session_id WHERE r.badge_id = ? ORDER BY s.started_at DESC LIMIT 1`)
      .get(badgeId) as RosterRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** The most recent other session whose roster holds this badge. */
  findBadgeElsewhere(sessionId: string, badgeId: string): BadgeElsewhere | null {
    const row = this
      .sql(
        `SELECT s.id AS sessionId, s.department AS department, s.started_at AS sessionStartedAt
         FROM roster_entries r JOIN sessions s ON s.id = r.session_id
         WHERE r.badge_id = ? AND r.session_id <> ?
         ORDER BY s.started_at DESC LIMIT 1`,
      )
      .get(badgeId, sessionId) as BadgeElsewhere | undefined;
    return row ?? null;
  }
}
