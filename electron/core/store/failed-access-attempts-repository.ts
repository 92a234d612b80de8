import type { Statement } from 'better-sqlite3';
import type { Db } from './open-database';
import { statementCache } from './statement-cache';

export type AccessAttemptKind = 'unlock' | 'setupCode';

/** failed_access_attempts: when unlocks and setup codes failed, to count them against the limit. */
export class FailedAccessAttemptsRepository {
  private readonly sql: (sql: string) => Statement;

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  /** The times (ISO) of the latest `limit` failures of this kind after `since`, newest first. */
  latestSince(kind: AccessAttemptKind, since: string, limit: number): string[] {
    return this.sql('SELECT at FROM failed_access_attempts WHERE kind = ? AND at > ? ORDER BY at DESC, id DESC LIMIT ?').pluck().all(kind, since, limit) as string[];
  }

  /** Records one failure and forgets those before `forgetBefore`, which no longer count. */
  insert(kind: AccessAttemptKind, at: string, forgetBefore: string): void {
    this.sql('DELETE FROM failed_access_attempts WHERE kind = ? AND at < ?').run(kind, forgetBefore);
    this.sql('INSERT INTO failed_access_attempts (kind, at) VALUES (?, ?)').run(kind, at);
  }
}
