import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../electron/core/store/migrate';
import { migrations } from '../../electron/core/store/migrations';
import { StepsRepository } from '../../electron/core/store/steps-repository';
import { sessionCore } from './helpers/session-core';

let dir: string;
let harness: ReturnType<typeof sessionCore> | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-migrate-011-'));
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const at = (minute: number) => `2026-03-02T09:${String(minute).padStart(2, '0')}:00.000Z`;

/** Reasons as the kiosk wrote them before codes: free text, in whichever language the screen had. */
const written = {
  english: 'No smartphone with me',
  german: 'Kein Schlüssel verfügbar',
  core: 'Not offered by Microsoft Entra ID',
  rejected: 'Face does not match the badge photo',
};

/** A kiosk file as the version before 011 left it: an ended session whose steps carry free-text reasons. */
function fileBefore011(file: string): void {
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  applyMigrations(db, migrations.slice(0, 10));
  db.prepare("INSERT INTO sessions VALUES ('s1', 'Finance', 'Frieda', 'B-204', 30, 'closed', ?, ?, 1)").run(at(0), at(30));
  const person = db.prepare("INSERT INTO roster_entries VALUES (?, 's1', ?, ?, 'Okafor', 'a@example.org', 'Finance', '', NULL, 2, ?)");
  const step = db.prepare('INSERT INTO attendee_steps VALUES (?, ?, ?, ?, ?)');
  for (const [i, name] of ['Amara', 'Ben', 'Cleo'].entries()) person.run(`a${i}`, `10010${i}`, name, i);
  step.run('a0', 'badge', 'done', null, at(1));
  step.run('a0', 'platformPasskey', 'skipped', written.english, at(2));
  step.run('a0', 'backupKey', 'skipped', written.german, at(3));
  step.run('a0', 'recoveryCodes', 'skipped', written.core, at(4));
  step.run('a1', 'badge', 'failed', written.rejected, at(5));
  step.run('a2', 'badge', 'inProgress', null, at(6));
  db.close();
}

describe('migration 011: step reasons become codes, old free text reads as written', () => {
  it('keeps every old reason as `other` with its text, which the board, the report and the CSV in either language show as written; new reasons are codes', async () => {
    fileBefore011(join(dir, 'kiosk.sqlite'));
    const h = (harness = sessionCore({}, {}, { dataDir: dir }));
    expect(h.core.db.pragma('user_version', { simple: true })).toBe(migrations.length);

    const board = await h.call('board.get', { sessionId: 's1' });
    const steps = (id: string) => board.rows.find((row) => row.attendee.id === id)!.steps;
    expect(steps('a0').platformPasskey).toEqual({ status: 'skipped', reason: { code: 'other', note: written.english }, updatedAt: at(2) });
    expect(steps('a0').backupKey.reason).toEqual({ code: 'other', note: written.german });
    expect(steps('a0').recoveryCodes.reason).toEqual({ code: 'other', note: written.core });
    expect(steps('a0').badge).toEqual({ status: 'done', reason: null, updatedAt: at(1) });
    expect(steps('a1').badge.reason).toEqual({ code: 'other', note: written.rejected });
    expect(steps('a2').badge).toEqual({ status: 'inProgress', reason: null, updatedAt: at(6) });

    const report = await h.call('session.report', { sessionId: 's1' });
    expect(report.incomplete.find((entry) => entry.attendee.id === 'a0')?.open).toContainEqual({ step: 'backupKey', status: 'skipped', reason: { code: 'other', note: written.german } });

    for (const locale of ['en', 'de'] as const) {
      const { csv } = await h.call('session.exportCsv', { sessionId: 's1', locale });
      const [header, ...rows] = parse(csv.replace(/^\uFEFF/, '')) as string[][];
      const reasonColumns = header!.map((name, i) => [name, i] as const).filter(([name]) => / (reason|Grund)$/.test(name)).map(([, i]) => i);
      const amara = rows.find((row) => row[0] === '100100')!;
      expect(reasonColumns.map((column) => amara[column]), locale).toEqual(['', written.english, written.german, written.core, '']);
      expect(rows.find((row) => row[0] === '100101')![reasonColumns[0]!]).toBe(written.rejected);
    }

    // What the kiosk writes from now on is a code with its note.
    new StepsRepository(h.core.db).set('a2', 'platformPasskey', 'skipped', { code: 'noSmartphone', note: null }, at(7));
    expect(new StepsRepository(h.core.db).get('a2').platformPasskey.reason).toEqual({ code: 'noSmartphone', note: null });
    expect(h.core.db.prepare("SELECT reason_code, reason_note FROM attendee_steps WHERE attendee_id = 'a0' AND step = 'platformPasskey'").get()).toEqual({
      reason_code: 'other',
      reason_note: written.english,
    });
    expect(h.core.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
