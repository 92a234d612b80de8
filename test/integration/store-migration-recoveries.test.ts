import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../electron/core/store/migrate';
import { migrations } from '../../electron/core/store/migrations';
import { openDatabase } from '../../electron/core/store/open-database';
import { EnvelopesRepository } from '../../electron/core/store/envelopes-repository';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-migrate-recoveries-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const at = (minute: number) => `2026-03-02T09:${String(minute).padStart(2, '0')}:00.000Z`;
const RECOVERIES = migrations.findIndex((m) => m.name === 'recoveries');

/** The triggers and indexes of the two rebuilt tables, by name, as sqlite_master holds them. */
function schemaOf(db: Database.Database): string[] {
  return (db.prepare("SELECT type || ' ' || name FROM sqlite_master WHERE tbl_name IN ('envelopes', 'envelope_events') AND type IN ('trigger', 'index') AND name NOT LIKE 'sqlite_autoindex%' ORDER BY 1").pluck().all() as string[]);
}

/** A kiosk file as the version before the recoveries left it: one envelope in the safe with its history, in a fleet that replicates. */
function fileBefore(file: string): string[] {
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  applyMigrations(db, migrations.slice(0, RECOVERIES));
  db.prepare("INSERT INTO sessions VALUES ('s1', 'Finance', 'Frieda', 'B-204', 30, 'open', ?, NULL, 1)").run(at(0));
  db.prepare("INSERT INTO roster_entries VALUES ('a0', 's1', '100100', 'Amara', 'Okafor', 'amara@example.org', 'Finance', '', NULL, 0, ?)").run(at(0));
  db.prepare("INSERT INTO envelopes (id, code, seal_number, seal_key, session_id, attendee_id, key_model, fingerprint, state, created_at, updated_at, label_prints, label_printed_at) VALUES ('e0', 'ENV-00000000', 'K-1000', 'K1000', 's1', 'a0', 'YubiKey 5 NFC', '8BE3 9858', 'inSafe', ?, ?, 1, ?)").run(at(1), at(3), at(1));
  const event = db.prepare('INSERT INTO envelope_events (envelope_id, action, from_state, to_state, actor, at, note) VALUES (?, ?, ?, ?, ?, ?, ?)');
  event.run('e0', 'seal', null, 'sealed', 'Frieda', at(1), null);
  event.run('e0', 'move', 'sealed', 'collected', 'Ida IT', at(2), null);
  event.run('e0', 'move', 'collected', 'inSafe', 'Ida IT', at(3), null);
  db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('fleet.replicating', '1', ?)").run(at(3));
  const before = schemaOf(db);
  db.close();
  return before;
}

describe('migration recoveries: the tables of a helpdesk recovery, and a key sealed again once it left custody', () => {
  it('keeps every envelope, its history, indexes and triggers; refuses two envelopes in custody for one credential but seals it again once returned', () => {
    const file = join(dir, 'kiosk.sqlite');
    const before = fileBefore(file);
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    // Everything the tables had comes back, plus the partial unique index and the owner lookup.
    expect(schemaOf(db)).toEqual([...before, 'index envelopes_attendee', 'index envelopes_credential_in_custody'].sort());
    const envelopes = new EnvelopesRepository(db);
    expect(envelopes.byCode('ENV-00000000')).toMatchObject({ state: 'inSafe', sealNumber: 'K-1000', labelPrintedAt: at(1) });
    expect(envelopes.history('e0').map((e) => e.to)).toEqual(['sealed', 'collected', 'inSafe']);
    expect(envelopes.byOwner({ badgeId: null, email: 'AMARA@example.org' }).map((e) => e.code)).toEqual(['ENV-00000000']);

    const insert = db.prepare("INSERT INTO envelopes (id, code, seal_number, seal_key, session_id, attendee_id, key_model, fingerprint, state, created_at, updated_at, label_prints) VALUES (?, ?, ?, ?, 's1', 'a0', NULL, '8BE3 9858', 'sealed', ?, ?, 1)");
    expect(() => insert.run('e1', 'ENV-00000001', 'K-1001', 'K1001', at(4), at(4))).toThrow(/UNIQUE/);
    envelopes.setState('e0', 'handedOut', at(5));
    envelopes.setState('e0', 'returned', at(6));
    insert.run('e1', 'ENV-00000001', 'K-1001', 'K1001', at(7), at(7));
    expect(envelopes.byCredential('a0', '8BE3 9858')?.code).toBe('ENV-00000001');

    // The fleet's triggers still note the changes; the history stays append-only and its key points at the new table.
    envelopes.addEvent('e1', { action: 'seal', from: null, to: 'sealed', actor: 'Hal Helpdesk', at: at(7), note: null });
    const noted = db.prepare("SELECT tbl, row_key FROM fleet_changes WHERE tbl IN ('envelopes', 'envelope_events') ORDER BY seq").all();
    expect(noted).toEqual([
      { tbl: 'envelopes', row_key: 'e0' },
      { tbl: 'envelopes', row_key: 'e0' },
      { tbl: 'envelopes', row_key: 'e1' },
      { tbl: 'envelope_events', row_key: '4' },
    ]);
    expect(() => db.prepare("UPDATE envelope_events SET actor = 'someone else'").run()).toThrow(/append-only/);
    expect(() => db.prepare("INSERT INTO envelope_events (envelope_id, action, to_state, actor, at) VALUES ('nope', 'seal', 'sealed', 'x', ?)").run(at(8))).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO recoveries VALUES ('r1', 'u1', '{}', 'email', 'open', 'Hal Helpdesk', ?, ?)").run(at(8), at(8));
    db.prepare("INSERT INTO recovery_acts (recovery_id, kind, ref, data, actor, at) VALUES ('r1', 'started', 'u1', '{}', 'Hal Helpdesk', ?)").run(at(8));
    expect(() => db.prepare("UPDATE recovery_acts SET actor = 'someone else'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM recovery_acts').run()).toThrow(/append-only/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
