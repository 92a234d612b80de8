import type { Migration } from '../migrate';

/**
 * The outbox: what must reach the IdP, committed before any network call. Times are
 * milliseconds since the epoch so due-time comparisons stay in SQL.
 */
export const outbox: Migration = {
  version: 2,
  name: 'outbox',
  up(db) {
    db.exec(`
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        idempotency_key TEXT NOT NULL UNIQUE,
        subject_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'done', 'parked', 'discarded')),
        attempts INTEGER NOT NULL DEFAULT 0,
        uncertain INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        idp_message TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
      CREATE INDEX outbox_subject ON outbox(subject_key, id);
      CREATE INDEX outbox_state_updated ON outbox(state, updated_at);
    `);
  },
};
