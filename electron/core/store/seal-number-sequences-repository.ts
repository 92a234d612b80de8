import type { Statement } from 'better-sqlite3';
import type { Db } from './open-database';
import { statementCache } from './statement-cache';

/** seal_number_sequences: the next number of each seal-number prefix, kept across restarts. */
export class SealNumberSequencesRepository {
  private readonly sql: (sql: string) => Statement;

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  /** null before the prefix's first number was handed out. */
  next(prefix: string): number | null {
    const row = this.sql('SELECT next FROM seal_number_sequences WHERE prefix = ?').get(prefix) as { next: number } | undefined;
    return row ? row.next : null;
  }

  setNext(prefix: string, next: number): void {
    this.sql('INSERT INTO seal_number_sequences (prefix, next) VALUES (?, ?) ON CONFLICT(prefix) DO UPDATE SET next = excluded.next').run(prefix, next);
  }
}
