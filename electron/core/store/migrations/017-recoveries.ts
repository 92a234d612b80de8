import type { Migration } from '../migrate';
import { replicatedTables } from './013-fleet-changes';

/** The fleet's change note of one table (013-fleet-changes.ts), recreated with the table it watches. */
function fleetNote(table: 'envelopes' | 'envelope_events', event: 'INSERT' | 'UPDATE'): string {
  const now = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
  return `
    CREATE TRIGGER fleet_note_${table}_${event.toLowerCase()} AFTER ${event} ON ${table}
      WHEN EXISTS (SELECT 1 FROM settings WHERE key = 'fleet.replicating')
      BEGIN INSERT INTO fleet_changes (tbl, row_key, noted_at) VALUES ('${table}', ${replicatedTables[table]}, ${now}); END;`;
}

/**
 * The helpdesk's recovery of a person who lost an authenticator (DESIGN.md section 1, helpdesk):
 * - recoveries: one record per recovery, naming the person at the IdP (they are on no session's
 *   roster today, so the IdP user is kept as the IdP answered);
 * - recovery_identity_checks: the helpdesk's identity check, as the badge check records one;
 * - recovery_acts: append-only, every act of the recovery with the id of what it made or moved
 *   (identity check, outbox item of a revocation, envelope code, passkey authenticator id).
 *
 * A backup key that is re-sealed goes into a new envelope while its old one is returned, so
 * "one envelope per backup credential" becomes "one envelope in custody per credential": the
 * table constraint gives way to a partial unique index. SQLite cannot drop a table constraint,
 * so envelopes is rebuilt, and envelope_events with it (its foreign key names the table);
 * their indexes, append-only and fleet triggers come back as they were.
 */
export const recoveries: Migration = {
  version: 17,
  name: 'recoveries',
  up(db) {
    db.exec(`
      CREATE TABLE envelopes_v16 (
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
        seal_key TEXT NOT NULL DEFAULT '',
        label_printed_at TEXT
      );
      INSERT INTO envelopes_v16 (id, code, seal_number, session_id, attendee_id, key_model, fingerprint, state, created_at, updated_at, label_prints, seal_key, label_printed_at)
        SELECT id, code, seal_number, session_id, attendee_id, key_model, fingerprint, state, created_at, updated_at, label_prints, seal_key, label_printed_at FROM envelopes;
      CREATE TABLE envelope_events_v16 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        envelope_id TEXT NOT NULL REFERENCES envelopes_v16(id),
        action TEXT NOT NULL CHECK (action IN ('seal', 'print', 'move', 'reprint')),
        from_state TEXT,
        to_state TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        note TEXT
      );
      INSERT INTO envelope_events_v16 (id, envelope_id, action, from_state, to_state, actor, at, note)
        SELECT id, envelope_id, action, from_state, to_state, actor, at, note FROM envelope_events;
      DROP TABLE envelope_events;
      DROP TABLE envelopes;
      ALTER TABLE envelopes_v16 RENAME TO envelopes;
      ALTER TABLE envelope_events_v16 RENAME TO envelope_events;
      CREATE INDEX envelopes_session ON envelopes(session_id, created_at);
      CREATE INDEX envelopes_state ON envelopes(state, created_at);
      CREATE UNIQUE INDEX envelopes_seal_key ON envelopes(seal_key);
      -- The key leaves custody (returned, destroyed) before it is sealed again.
      CREATE UNIQUE INDEX envelopes_credential_in_custody ON envelopes(attendee_id, fingerprint) WHERE state NOT IN ('returned', 'destroyed');
      CREATE INDEX envelopes_attendee ON envelopes(attendee_id);
      CREATE INDEX envelope_events_envelope ON envelope_events(envelope_id, id);
      CREATE TRIGGER envelope_events_no_update BEFORE UPDATE ON envelope_events
        BEGIN SELECT RAISE(ABORT, 'envelope history is append-only'); END;
      CREATE TRIGGER envelope_events_no_delete BEFORE DELETE ON envelope_events
        BEGIN SELECT RAISE(ABORT, 'envelope history is append-only'); END;
      ${fleetNote('envelopes', 'INSERT')}
      ${fleetNote('envelopes', 'UPDATE')}
      ${fleetNote('envelope_events', 'INSERT')}

      CREATE TABLE recoveries (
        id TEXT PRIMARY KEY,
        idp_user_id TEXT NOT NULL,
        -- The IdP user as found (IdpUser JSON: id, names, email, badge); no secrets.
        idp_user TEXT NOT NULL,
        -- The query the helpdesk searched with: 'badgeId' | 'email' | 'username'.
        found_by TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'completed')),
        started_by TEXT NOT NULL,
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX recoveries_user ON recoveries(idp_user_id, started_at);
      CREATE INDEX recoveries_status ON recoveries(status, updated_at);
      CREATE TABLE recovery_identity_checks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        recovery_id TEXT NOT NULL REFERENCES recoveries(id),
        decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected')),
        face_confirmed INTEGER NOT NULL,
        second_signal TEXT,
        note TEXT,
        reason TEXT,
        helpdesk TEXT NOT NULL,
        decided_at TEXT NOT NULL
      );
      CREATE TABLE recovery_acts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        recovery_id TEXT NOT NULL REFERENCES recoveries(id),
        kind TEXT NOT NULL,
        -- The id of what the act made or moved (check id, outbox item id, envelope code, authenticator id).
        ref TEXT NOT NULL,
        data TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX recovery_acts_recovery ON recovery_acts(recovery_id, id);
      CREATE TRIGGER recovery_acts_no_update BEFORE UPDATE ON recovery_acts
        BEGIN SELECT RAISE(ABORT, 'recovery acts are append-only'); END;
      CREATE TRIGGER recovery_acts_no_delete BEFORE DELETE ON recovery_acts
        BEGIN SELECT RAISE(ABORT, 'recovery acts are append-only'); END;
      CREATE TRIGGER recovery_identity_checks_no_update BEFORE UPDATE ON recovery_identity_checks
        BEGIN SELECT RAISE(ABORT, 'identity checks are kept as decided'); END;
    `);
  },
};
