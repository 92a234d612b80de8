import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { applyMigrations } from './migrate';
import { migrations } from './migrations';
import { keepFilePrivate, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private-data-dir';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** Path of the better-sqlite3 addon built for this runtime (Electron needs its own ABI). */
  nativeBinding?: string;
}

/**
 * Opens (or creates) the kiosk's one SQLite file: WAL so readers never block the writer,
 * synchronous=FULL because an enrollment step must survive a power cut once the UI says done.
 * The file is owner-only before SQLite opens it, because SQLite gives the -wal and -shm files
 * it makes the database file's mode; they are checked once they exist.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
    // Only a missing file is made here ('wx'): closing a descriptor of an open database would drop SQLite's locks on it.
    try {
      closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    keepFilePrivate(file);
  }
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  applyMigrations(db, migrations);
  if (file !== ':memory:') {
    try {
      keepFilePrivate(`${file}-wal`);
      keepFilePrivate(`${file}-shm`);
    } catch (error) {
      db.close();
      throw error;
    }
  }
  return db;
}
