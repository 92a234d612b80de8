import type { Migration } from '../migrate';

/**
 * Facilitator keys across the fleet, on the kiosk's side:
 * - fleet_key_cache: the copy of other kiosks' keys this kiosk fetched from the fleet, with
 *   when, so it can unlock offline for a while. Not replicated (its rows are other kiosks'),
 *   and it keeps this kiosk's own sign counter for each credential.
 * - facilitator_key_removals: this kiosk removed a key enrolled at another kiosk. Replicated
 *   like the audit log (append-only), so a removal made during a fleet outage is not lost.
 */
export const fleetFacilitatorKeys: Migration = {
  version: 14,
  name: 'fleet-facilitator-keys',
  up(db) {
    const now = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
    db.exec(`
      CREATE TABLE fleet_key_cache (
        credential_id TEXT PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kiosk_id TEXT NOT NULL,
        kiosk_name TEXT NOT NULL,
        public_key TEXT NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('facilitator', 'it', 'helpdesk')),
        aaguid TEXT NOT NULL,
        key_model TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        sign_count INTEGER NOT NULL DEFAULT 0,
        last_used_at TEXT,
        fetched_at TEXT NOT NULL
      );
      CREATE TABLE facilitator_key_removals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key_id TEXT NOT NULL,
        credential_id TEXT NOT NULL UNIQUE,
        key_kiosk_id TEXT NOT NULL,
        removed_at TEXT NOT NULL,
        removed_by TEXT NOT NULL
      );
      CREATE TRIGGER facilitator_key_removals_no_update BEFORE UPDATE ON facilitator_key_removals
        BEGIN SELECT RAISE(ABORT, 'key removals are append-only'); END;
      CREATE TRIGGER facilitator_key_removals_no_delete BEFORE DELETE ON facilitator_key_removals
        BEGIN SELECT RAISE(ABORT, 'key removals are append-only'); END;
      CREATE TRIGGER fleet_note_facilitator_key_removals_insert AFTER INSERT ON facilitator_key_removals
        WHEN EXISTS (SELECT 1 FROM settings WHERE key = 'fleet.replicating')
        BEGIN INSERT INTO fleet_changes (tbl, row_key, noted_at) VALUES ('facilitator_key_removals', NEW.id, ${now}); END;
    `);
  },
};
