import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { labelMissing } from '../../shared/domain/custody';
import { CustodyViews } from '../../electron/core/custody/custody-views';
import { applyMigrations } from '../../electron/core/store/migrate';
import { migrations } from '../../electron/core/store/migrations';
import { openDatabase } from '../../electron/core/store/open-database';
import { EnvelopesRepository } from '../../electron/core/store/envelopes-repository';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-migrate-009-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const at = (minute: number) => `2026-03-02T09:${String(minute).padStart(2, '0')}:00.000Z`;

/** A kiosk file as the version before 010 left it: three envelopes sealed, one printed by the journey, one reprinted by IT, one whose print failed. */
function fileBefore009(file: string): void {
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  applyMigrations(db, migrations.slice(0, 9));
  db.prepare("INSERT INTO sessions VALUES ('s1', 'Finance', 'Frieda', 'B-204', 30, 'open', ?, NULL, 1)").run(at(0));
  const person = db.prepare("INSERT INTO roster_entries VALUES (?, 's1', ?, ?, 'Okafor', 'a@example.org', 'Finance', '', NULL, 2, ?)");
  const envelope = db.prepare("INSERT INTO envelopes VALUES (?, ?, ?, 's1', ?, 'YubiKey 5 NFC', ?, 'sealed', ?, ?, ?)");
  const event = db.prepare('INSERT INTO envelope_events (envelope_id, action, from_state, to_state, actor, at, note) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const step = db.prepare("INSERT INTO attendee_steps VALUES (?, 'envelope', ?, NULL, ?)");
  for (const [i, name] of ['Amara', 'Ben', 'Cleo'].entries()) person.run(`a${i}`, `10010${i}`, name, i);
  // Printed by the journey: its envelope step is done.
  envelope.run('e0', 'ENV-00000000', 'K001000', 'a0', '8BE3 9858', at(1), at(1), 1);
  event.run('e0', 'seal', null, 'sealed', 'Frieda', at(1), null);
  step.run('a0', 'done', at(2));
  // Its first print failed, IT reprinted it later.
  envelope.run('e1', 'ENV-00000001', 'A4711', 'a1', '1C0F 77A2', at(3), at(9), 2);
  event.run('e1', 'seal', null, 'sealed', 'Frieda', at(3), null);
  event.run('e1', 'reprint', 'sealed', 'sealed', 'Ida IT', at(9), 'Label never came out');
  // Its print failed and nobody printed it since.
  envelope.run('e2', 'ENV-00000002', 'K001001', 'a2', 'E41B 0D3C', at(5), at(5), 1);
  event.run('e2', 'seal', null, 'sealed', 'Frieda', at(5), null);
  step.run('a2', 'inProgress', at(5));
  db.close();
}

describe('migration 010: labels printed, seal numbers kept as typed', () => {
  it('marks as printed only the envelopes whose label the kiosk recorded, keys the old seal numbers, and keeps the history append-only', () => {
    const file = join(dir, 'kiosk.sqlite');
    fileBefore009(file);
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    const envelopes = new EnvelopesRepository(db);
    const byCode = (code: string) => envelopes.byCode(code)!;
    expect(byCode('ENV-00000000').labelPrintedAt).toBe(at(2));
    expect(byCode('ENV-00000001').labelPrintedAt).toBe(at(9));
    expect(byCode('ENV-00000002').labelPrintedAt).toBeNull();
    expect(['ENV-00000000', 'ENV-00000001', 'ENV-00000002'].map((code) => labelMissing(byCode(code)))).toEqual([false, false, true]);

    // Old seal numbers are their own key: found and kept unique as before.
    expect(envelopes.bySealKey('A4711')?.code).toBe('ENV-00000001');
    expect(() => db.prepare("INSERT INTO envelopes (id, code, seal_number, seal_key, session_id, attendee_id, key_model, fingerprint, state, created_at, updated_at, label_prints) VALUES ('x', 'ENV-00000009', 'A-4711', 'A4711', 's1', 'a2', NULL, 'FFFF 0000', 'sealed', ?, ?, 1)").run(at(10), at(10))).toThrow(/UNIQUE/);

    // The history came through whole, takes the new "print" entry, and stays append-only.
    expect(envelopes.history('e1').map((entry) => [entry.action, entry.actor, entry.note])).toEqual([
      ['seal', 'Frieda', null],
      ['reprint', 'Ida IT', 'Label never came out'],
    ]);
    envelopes.addEvent('e2', { action: 'print', from: 'sealed', to: 'sealed', actor: 'Ida IT', at: at(11), note: null });
    expect(() => db.prepare("UPDATE envelope_events SET actor = 'someone else'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM envelope_events').run()).toThrow(/append-only/);
    expect(new CustodyViews(db).list({})).toMatchObject({ labelMissing: 1, counts: { sealed: 2 } });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
