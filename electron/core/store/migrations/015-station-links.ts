import type { Migration } from '../migrate';

/**
 * A session shared among stations of a fleet: which host session a local session belongs to
 * (the host's own, or a station's copy made when it joined), and the attendees this station
 * claimed, with the facilitator's reason when the claim was made while the fleet was out of
 * reach and still has to be pushed. Neither table is replicated: the fleet has its own.
 */
export const stationLinks: Migration = {
  version: 15,
  name: 'station-links',
  up(db) {
    db.exec(`
      CREATE TABLE station_sessions (
        session_id TEXT PRIMARY KEY REFERENCES sessions (id),
        role TEXT NOT NULL CHECK (role IN ('host', 'station')),
        host_kiosk_id TEXT NOT NULL,
        -- The host's name, for the board while the fleet is away.
        host_name TEXT NOT NULL,
        host_session_id TEXT NOT NULL,
        join_code TEXT NOT NULL,
        linked_at TEXT NOT NULL
      );
      CREATE TABLE station_claims (
        session_id TEXT NOT NULL REFERENCES station_sessions (session_id),
        badge_id TEXT NOT NULL,
        attendee_id TEXT NOT NULL REFERENCES roster_entries (id),
        claimed_at TEXT NOT NULL,
        claimed_by TEXT NOT NULL,
        override_reason TEXT,
        -- When the fleet took the claim (null: an override still waiting for the fleet).
        pushed_at TEXT,
        -- The station the fleet named as holder when an override met another claim.
        held_by TEXT,
        PRIMARY KEY (session_id, badge_id)
      );
    `);
  },
};
