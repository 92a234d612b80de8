import type { Migration } from '../migrate';

/**
 * Two facts the envelopes table lacked:
 * - label_printed_at: when a label of the envelope last printed; NULL while none has, which
 *   custody shows as "label missing" (the journey seals first and prints after, so a failed
 *   print left a "sealed" envelope with no label). Existing envelopes count as printed where
 *   the kiosk recorded it: the journey's envelope step done, or a reprint in the history.
 * - seal_key: the seal number as it is looked up and kept unique (letters and digits, upper
 *   case), so seal_number can keep what was typed ("E-004711"). Numbers stored so far were
 *   already in that form, so they are their own key.
 * envelope_events also records the first print of a label ("print"), so the history says who
 * printed it and when; SQLite cannot change a CHECK in place, so the table is rebuilt.
 */
export const envelopeLabelsAndTypedSeals: Migration = {
  version: 10,
  name: 'envelope-labels-and-typed-seals',
  up(db) {
    db.exec(`
      ALTER TABLE envelopes ADD COLUMN seal_key TEXT NOT NULL DEFAULT '';
      UPDATE envelopes SET seal_key = seal_number;
      CREATE UNIQUE INDEX envelopes_seal_key ON envelopes(seal_key);

      ALTER TABLE envelopes ADD COLUMN label_printed_at TEXT;
      UPDATE envelopes SET label_printed_at = COALESCE(
        (SELECT MAX(at) FROM envelope_events WHERE envelope_id = envelopes.id AND action = 'reprint'),
        (SELECT COALESCE(updated_at, envelopes.created_at) FROM attendee_steps
          WHERE attendee_id = envelopes.attendee_id AND step = 'envelope' AND status = 'done')
      );

      CREATE TABLE envelope_events_v9 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        envelope_id TEXT NOT NULL REFERENCES envelopes(id),
        action TEXT NOT NULL CHECK (action IN ('seal', 'print', 'move', 'reprint')),
        from_state TEXT,
        to_state TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        note TEXT
      );
      INSERT INTO envelope_events_v9 (id, envelope_id, action, from_state, to_state, actor, at, note)
        SELECT id, envelope_id, action, from_state, to_state, actor, at, note FROM envelope_events;
      DROP TABLE envelope_events;
      ALTER TABLE envelope_events_v9 RENAME TO envelope_events;
      CREATE INDEX envelope_events_envelope ON envelope_events(envelope_id, id);
      CREATE TRIGGER envelope_events_no_update BEFORE UPDATE ON envelope_events
        BEGIN SELECT RAISE(ABORT, 'envelope history is append-only'); END;
      CREATE TRIGGER envelope_events_no_delete BEFORE DELETE ON envelope_events
        BEGIN SELECT RAISE(ABORT, 'envelope history is append-only'); END;
    `);
  },
};
