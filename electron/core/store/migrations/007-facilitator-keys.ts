import type { Migration } from '../migrate';

/**
 * The kiosk's own relying party: the security keys facilitators, IT and helpdesk unlock it
 * with (public keys only), and the one-time setup codes that enroll the first of them
 * (hashes only: a code shown once is never stored in the clear).
 */
export const facilitatorKeys: Migration = {
  version: 7,
  name: 'facilitator-keys',
  up(db) {
    db.exec(`
      CREATE TABLE facilitator_keys (
        id TEXT PRIMARY KEY,
        credential_id TEXT NOT NULL UNIQUE,
        public_key TEXT NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('facilitator', 'it', 'helpdesk')),
        aaguid TEXT NOT NULL,
        key_model TEXT NOT NULL,
        sign_count INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        last_used_at TEXT,
        removed_at TEXT
      );
      CREATE TABLE setup_codes (
        code_hash TEXT PRIMARY KEY,
        source TEXT NOT NULL CHECK (source IN ('command', 'config')),
        created_at TEXT NOT NULL,
        expires_at TEXT,
        used_at TEXT
      );
    `);
  },
};
