import type { Migration } from '../migrate';

/**
 * A skipped or failed step's reason becomes a code (read in each reader's language) and a
 * note in the person's own words: `reason` is now the note, beside a new `reason_code`.
 * Reasons written before were free text in whichever language the screen had; they become the
 * code `other` with that text as the note, so they read exactly as they were written.
 */
export const stepReasonCodes: Migration = {
  version: 11,
  name: 'step-reason-codes',
  up(db) {
    db.exec(`
      ALTER TABLE attendee_steps RENAME COLUMN reason TO reason_note;
      ALTER TABLE attendee_steps ADD COLUMN reason_code TEXT;
      UPDATE attendee_steps SET reason_code = 'other' WHERE reason_note IS NOT NULL;
    `);
  },
};
