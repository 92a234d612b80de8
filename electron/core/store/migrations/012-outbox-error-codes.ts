import type { Migration } from '../migrate';

/**
 * An outbox item's last error becomes its message code and parameters, so the status screen
 * says it in the reader's language and the log renders the English from the code. What the
 * IdP itself said (idp_message) stays its own words. Errors stored before this version exist
 * only as English text: they are kept whole, as the parameter of a code that says so.
 */
export const outboxErrorCodes: Migration = {
  // Reserved as 012 for issue 15 (011 is the step table's); numbered to follow 010 until that one is merged.
  version: 12,
  name: 'outbox-error-codes',
  up(db) {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN last_error_code TEXT;
      ALTER TABLE outbox ADD COLUMN last_error_params TEXT;
      UPDATE outbox SET last_error_code = 'outbox.earlierError', last_error_params = json_object('text', last_error)
        WHERE last_error IS NOT NULL;
      ALTER TABLE outbox DROP COLUMN last_error;
    `);
  },
};
