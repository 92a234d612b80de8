import type Database from 'better-sqlite3';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';

export interface Migration {
  /** 1, 2, 3, ... in order; stored as SQLite's user_version. */
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}

/**
 * Applies every migration newer than the file's user_version, each in its own transaction
 * together with the version bump, so a crash leaves the file at a whole version.
 */
export function applyMigrations(db: Database.Database, list: readonly Migration[]): number {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} has version ${m.version}, expected ${i + 1}.`);
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > list.length) {
    throw new KioskError('conflict', message('dataDir.newerSchema', { found: current, known: list.length }));
  }
  for (const migration of list.slice(current)) {
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return list.length - current;
}
