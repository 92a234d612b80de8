import type { Migration } from '../migrate';

/**
 * Kiosk settings a person changes at the kiosk (e.g. the language), kept across restarts.
 * The config file stays the source of defaults; a stored value overrides it.
 */
export const settings: Migration = {
  version: 4,
  name: 'settings',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `);
  },
};
