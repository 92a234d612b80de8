import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';

/** The data folder and every folder in it: only the kiosk's own account may list or enter them. */
export const PRIVATE_DIR_MODE = 0o700;
/** Every file in the data folder: names, e-mail addresses, keys, the log. */
export const PRIVATE_FILE_MODE = 0o600;

/** Something that was open to other accounts and is owner-only now; `was` is its old mode in octal. */
export interface Tightened {
  path: string;
  was: string;
}

/**
 * Makes the data folder owner-only before anything in it is opened, whoever made it (setup,
 * an installer, an administrator): the folder and its subfolders 0700, its files 0600. What
 * the kiosk's account owns is tightened; anything it cannot tighten (another account owns it,
 * chmod fails, the file system keeps its own modes) stops the start with what to do, because
 * the kiosk would otherwise keep names and e-mail addresses where other accounts can read
 * them. Windows has no POSIX modes: a per-user folder there is private through its ACL.
 */
export function makeDataDirPrivate(dataDir: string): Tightened[] {
  if (process.platform === 'win32') return [];
  try {
    mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  } catch (error) {
    throw new KioskError('forbidden', message('dataDir.cannotCreate', { path: dataDir, problem: codeOf(error) }), { path: dataDir });
  }
  // A symlinked data folder is followed once, here: the folder it names is the one to protect.
  const root = statSync(dataDir);
  if (!root.isDirectory()) throw new KioskError('forbidden', message('dataDir.notAFolder', { path: dataDir }), { path: dataDir });
  const tightened: Tightened[] = [];
  tighten(dataDir, root, PRIVATE_DIR_MODE, tightened);
  walk(dataDir, tightened);
  return tightened;
}

/**
 * One file the kiosk just made or opened (SQLite's -wal and -shm files, made with the database
 * file's mode): owner-only, or the same refusal as for the folder. Null when it is missing or
 * already owner-only.
 */
export function keepFilePrivate(path: string): Tightened | null {
  if (process.platform === 'win32') return null;
  const stats = statIfPresent(path);
  if (!stats?.isFile()) return null;
  const tightened: Tightened[] = [];
  tighten(path, stats, PRIVATE_FILE_MODE, tightened);
  return tightened[0] ?? null;
}

/** One line per tightened path, for a person at a terminal. */
export function describeTightened(tightened: readonly Tightened[]): string[] {
  return tightened.map(({ path, was }) => `Made owner-only (it was ${was}, readable by other accounts): ${path}`);
}

function walk(dir: string, tightened: Tightened[]): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return;
    throw error;
  }
  for (const name of names) {
    const path = join(dir, name);
    const stats = statIfPresent(path);
    if (stats?.isDirectory()) {
      // Closed first, so nothing inside is reachable by others while the rest is walked.
      tighten(path, stats, PRIVATE_DIR_MODE, tightened);
      walk(path, tightened);
    } else if (stats?.isFile()) {
      tighten(path, stats, PRIVATE_FILE_MODE, tightened);
    }
    // A symbolic link is not followed (chmod would change what it points to, outside the
    // folder); sockets and FIFOs (Chromium's singleton socket) hold no data.
  }
}

function tighten(path: string, stats: Stats, mode: number, tightened: Tightened[]): void {
  const uid = process.getuid?.();
  // Owner-only means the kiosk's account: a file another account owns is readable by that account.
  if (uid !== undefined && stats.uid !== uid) {
    throw new KioskError('forbidden', message('dataDir.otherOwner', { path, owner: stats.uid, uid }), { path, owner: stats.uid, kioskAccount: uid });
  }
  if ((stats.mode & 0o777) === mode) return;
  const wanted = octal(mode);
  try {
    chmodSync(path, mode);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return;
    throw new KioskError('forbidden', message('dataDir.cannotTighten', { path, mode: wanted, problem: codeOf(error) }), { path, mode: wanted });
  }
  // Some file systems (FAT, some network shares) accept chmod and keep their own modes.
  const after = statIfPresent(path);
  if (after && (after.mode & 0o777) !== mode) throw new KioskError('forbidden', message('dataDir.modeNotKept', { path, mode: wanted, kept: octal(after.mode) }), { path, mode: wanted });
  tightened.push({ path, was: octal(stats.mode) });
}

/** lstat: entries come and go while a starting Electron writes its own files beside ours. */
function statIfPresent(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return null;
    throw error;
  }
}

function octal(mode: number): string {
  return (mode & 0o777).toString(8).padStart(3, '0');
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}
