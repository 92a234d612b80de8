import type { Migration } from '../migrate';

/**
 * What the journey must remember across a restart to resume without doing anything twice:
 * the IdP user, the authenticators that existed before the passkey link, the backup key's
 * registration (public data only) before its test sign-in. Never PINs, codes or TAPs.
 */
export const journeyFacts: Migration = {
  version: 5,
  name: 'journey-facts',
  up(db) {
    db.exec(`
      CREATE TABLE journey_facts (
        attendee_id TEXT NOT NULL REFERENCES roster_entries(id),
        step TEXT NOT NULL,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (attendee_id, step)
      );
    `);
  },
};
