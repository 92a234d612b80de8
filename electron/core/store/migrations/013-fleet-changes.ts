import type { Migration } from '../migrate';

/** The tables the fleet replicates, and how a changed row is named in fleet_changes. */
export const replicatedTables = {
  sessions: 'NEW.id',
  roster_entries: 'NEW.id',
  attendee_steps: "NEW.attendee_id || char(31) || NEW.step",
  identity_checks: 'NEW.id',
  envelopes: 'NEW.id',
  envelope_events: 'NEW.id',
  audit_log: 'NEW.seq',
  facilitator_keys: 'NEW.id',
} as const;

export type ReplicatedTable = keyof typeof replicatedTables;

/** Tables whose rows never change once written (their UPDATE is refused anyway). */
const appendOnly: ReadonlySet<ReplicatedTable> = new Set(['envelope_events', 'audit_log']);

/**
 * The fleet's outbox: every insert or update of a replicated row is noted in fleet_changes by a
 * trigger, in the same transaction as the change itself, so no code path can change a row and
 * forget to send it, and a crash loses no note. The triggers note only while the kiosk belongs
 * to a fleet (the `fleet.replicating` setting); joining one notes every existing row once.
 */
export const fleetChanges: Migration = {
  version: 13,
  name: 'fleet-changes',
  up(db) {
    const now = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
    const triggers = Object.entries(replicatedTables).flatMap(([table, key]) =>
      (appendOnly.has(table as ReplicatedTable) ? ['INSERT'] : ['INSERT', 'UPDATE']).map(
        (event) => `
          CREATE TRIGGER fleet_note_${table}_${event.toLowerCase()} AFTER ${event} ON ${table}
            WHEN EXISTS (SELECT 1 FROM settings WHERE key = 'fleet.replicating')
            BEGIN INSERT INTO fleet_changes (tbl, row_key, noted_at) VALUES ('${table}', ${key}, ${now}); END;`,
      ),
    );
    db.exec(`
      CREATE TABLE fleet_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        tbl TEXT NOT NULL,
        row_key TEXT NOT NULL,
        noted_at INTEGER NOT NULL
      );
      ${triggers.join('\n')}
    `);
  },
};
