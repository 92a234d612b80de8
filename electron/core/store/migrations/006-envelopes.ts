import type { Migration } from '../migrate';

/**
 * Sealed backup-key envelopes and their custody. The owner's name stays in the roster (the
 * envelope points at the attendee); envelope_events is the custody history a person reads,
 * append-only like the audit log, which records the same moves in its hash chain.
 * seal_number_sequences keeps the configured sequence's position across restarts.
 */
export const envelopes: Migration = {
  version: 6,
  name: 'envelopes',
  up(db) {
    db.exec(`
      CREATE TABLE envelopes (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        seal_number TEXT NOT NULL UNIQUE,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        attendee_id TEXT NOT NULL REFERENCES roster_entries(id),
        key_model TEXT,
        fingerprint TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('sealed', 'collected', 'inSafe', 'handedOut', 'returned', 'destroyed')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        label_prints INTEGER NOT NULL CHECK (label_prints >= 1),
        -- One envelope per backup credential: sealing it again is the same envelope.
        UNIQUE (attendee_id, fingerprint)
      );
      CREATE INDEX envelopes_session ON envelopes(session_id, created_at);
      CREATE INDEX envelopes_state ON envelopes(state, created_at);

      CREATE TABLE envelope_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        envelope_id TEXT NOT NULL REFERENCES envelopes(id),
        action TEXT NOT NULL CHECK (action IN ('seal', 'move', 'reprint')),
        from_state TEXT,
        to_state TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        note TEXT
      );
      CREATE INDEX envelope_events_envelope ON envelope_events(envelope_id, id);
      CREATE TRIGGER envelope_events_no_update BEFORE UPDATE ON envelope_events
        BEGIN SELECT RAISE(ABORT, 'envelope history is append-only'); END;
      CREATE TRIGGER envelope_events_no_delete BEFORE DELETE ON envelope_events
        BEGIN SELECT RAISE(ABORT, 'envelope history is append-only'); END;

      CREATE TABLE seal_number_sequences (
        prefix TEXT PRIMARY KEY,
        next INTEGER NOT NULL
      );
    `);
  },
};
