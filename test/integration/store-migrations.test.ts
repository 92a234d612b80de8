import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../shared/contract/errors';
import { applyMigrations } from '../../electron/core/store/migrate';
import { migrations } from '../../electron/core/store/migrations';
import { openDatabase } from '../../electron/core/store/open-database';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function schemaOf(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT type || ' ' || name || ': ' || COALESCE(sql, '') AS s FROM sqlite_master ORDER BY type, name").pluck().all() as string[]);
  } finally {
    db.close();
  }
}

describe('store migrations', () => {
  it('create every table from an empty file, with WAL, foreign keys and synchronous=FULL', () => {
    const file = join(dir, 'kiosk.sqlite');
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // 2 is FULL.
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['sessions', 'roster_entries', 'attendee_steps', 'identity_checks', 'audit_log']));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('are idempotent: re-opening applies nothing and leaves schema and data as they were', () => {
    const file = join(dir, 'kiosk.sqlite');
    const first = openDatabase(file);
    first.prepare("INSERT INTO sessions VALUES ('s1', 'D', 'F', 'R', 30, 'open', '2026-01-01T00:00:00Z', NULL, 1)").run();
    first.close();
    const before = schemaOf(file);

    const second = openDatabase(file);
    expect(applyMigrations(second, migrations)).toBe(0);
    expect(second.prepare('SELECT id FROM sessions').pluck().all()).toEqual(['s1']);
    second.close();
    expect(schemaOf(file)).toEqual(before);
  });

  it('refuse a file written by a newer version, leaving it untouched', () => {
    const file = join(dir, 'kiosk.sqlite');
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${migrations.length + 1}`);
    raw.close();
    const before = schemaOf(file);

    let error: unknown;
    try {
      openDatabase(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KioskError);
    expect((error as KioskError).message).toContain('newer version of the kiosk');
    expect(schemaOf(file)).toEqual(before);
  });

  it('roll a failing migration back completely, leaving the file at the last whole version', () => {
    const file = join(dir, 'kiosk.sqlite');
    const db = new Database(file);
    const broken = [
      ...migrations,
      {
        version: migrations.length + 1,
        name: 'half-done',
        up(target: Database.Database) {
          target.exec('CREATE TABLE half_done (x INTEGER)');
          target.exec('INSERT INTO no_such_table VALUES (1)');
        },
      },
    ];
    expect(() => applyMigrations(db, broken)).toThrow(/no_such_table/);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });

  it('keep at most one open session in the file itself', () => {
    const db = openDatabase(join(dir, 'kiosk.sqlite'));
    db.prepare("INSERT INTO sessions VALUES ('s1', 'D', 'F', 'R', 30, 'open', '2026-01-01T00:00:00Z', NULL, 1)").run();
    expect(() => db.prepare("INSERT INTO sessions VALUES ('s2', 'D', 'F', 'R', 30, 'open', '2026-01-01T00:00:00Z', NULL, 1)").run()).toThrow(/UNIQUE/);
    db.prepare("INSERT INTO sessions VALUES ('s3', 'D', 'F', 'R', 30, 'closed', '2026-01-01T00:00:00Z', NULL, 1)").run();
    db.close();
  });
});
