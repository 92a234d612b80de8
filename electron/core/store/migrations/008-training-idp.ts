import type { Migration } from '../migrate';

/**
 * What the built-in training IdP holds, kept across restarts like a real IdP keeps it, so an
 * attendee enrolled in training stays enrolled: each person's passkeys, backup keys and
 * recovery codes (SHA-512 hashes only, never a code), with the outbox's idempotency key that
 * made each, so a replayed item adds nothing; the open enrolment links (SHA-256 of the link's
 * token only, so the database alone opens no link); and the port of the enrolment page, so a
 * link shown before a restart still reaches it.
 */
export const trainingIdp: Migration = {
  version: 8,
  name: 'training-idp',
  up(db) {
    db.exec(`
      CREATE TABLE training_idp_authenticators (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('passkey', 'securityKey', 'recoveryCodes')),
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        aaguid TEXT,
        credential_id TEXT,
        code_hashes TEXT,
        idempotency_key TEXT UNIQUE
      );
      CREATE INDEX training_idp_authenticators_user ON training_idp_authenticators(user_id, seq);
      CREATE TABLE training_idp_links (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        display_name TEXT NOT NULL,
        username TEXT NOT NULL,
        exclude_credential_ids TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        challenge TEXT,
        used INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1))
      );
      CREATE INDEX training_idp_links_user ON training_idp_links(user_id);
      CREATE TABLE training_idp_site (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535)
      );
    `);
  },
};
