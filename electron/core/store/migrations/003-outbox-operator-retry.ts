import type { Migration } from '../migrate';

/**
 * `attempts` stays the total for the audit; `attempts_at_operator_retry` remembers that total
 * when an operator last retried the item, so the backoff after their retry starts from the
 * base again (attempts since the retry) instead of where the outage left it.
 */
export const outboxOperatorRetry: Migration = {
  version: 3,
  name: 'outbox-operator-retry',
  up(db) {
    db.exec(`ALTER TABLE outbox ADD COLUMN attempts_at_operator_retry INTEGER NOT NULL DEFAULT 0;`);
  },
};
