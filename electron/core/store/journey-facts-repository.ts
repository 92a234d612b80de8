import type { Statement } from 'better-sqlite3';
import type { z } from 'zod';
import type { Db } from './open-database';
import { statementCache } from './statement-cache';

/** The journey_facts table: one JSON record per attendee and step, parsed back with its schema. */
export class JourneyFactsRepository {
  private readonly sql: (sql: string) => Statement;

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  /** null when nothing is stored, or when what is stored no longer parses (then the step starts over). */
  get<S extends z.ZodType>(attendeeId: string, step: string, schema: S): z.output<S> | null {
    const text = this.sql('SELECT data FROM journey_facts WHERE attendee_id = ? AND step = ?').pluck().get(attendeeId, step) as string | undefined;
    if (text === undefined) return null;
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  }

  /** One step's record for every attendee of a session, so the board costs one query. */
  listBySession<S extends z.ZodType>(sessionId: string, step: string, schema: S): Map<string, z.output<S>> {
    const rows = this
      .sql('SELECT f.attendee_id AS attendeeId, f.data AS data FROM journey_facts f JOIN roster_entries r ON r.id = f.attendee_id WHERE r.session_id = ? AND f.step = ?')
      .all(sessionId, step) as Array<{ attendeeId: string; data: string }>;
    const found = new Map<string, z.output<S>>();
    for (const row of rows) {
      const parsed = schema.safeParse(JSON.parse(row.data));
      if (parsed.success) found.set(row.attendeeId, parsed.data);
    }
    return found;
  }

  set(attendeeId: string, step: string, data: unknown, at: string): void {
    this.sql(
      `INSERT INTO journey_facts (attendee_id, step, data, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (attendee_id, step) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
    ).run(attendeeId, step, JSON.stringify(data), at);
  }
}
