import type { Migration } from '../migrate';

/**
 * When unlock and setup-code attempts failed, one row each, so the limit on them (a few a
 * minute) still holds after a restart. The time and kind only: never the PIN or code tried.
 * The audit log records every attempt with its outcome; this table is what the limit counts.
 */
export const failedAccessAttempts: Migration = {
  version: 9,
  name: 'failed-access-attempts',
  up(db) {
    db.exec(`
      CREATE TABLE failed_access_attempts (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('unlock', 'setupCode')),
        at TEXT NOT NULL
      );
      CREATE INDEX failed_access_attempts_by_kind_and_time ON failed_access_attempts (kind, at);
    `);
  },
};
