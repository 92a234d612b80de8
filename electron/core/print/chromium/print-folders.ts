import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The private folder headless Chromium runs in (its profile; HOME and the XDG folders point
 * there too, so nothing lands in the kiosk user's home). No document is ever written to it: the
 * pages live in an in-memory browser context. It lives as long as that Chromium, and holds an
 * `owner` file with the kiosk's process id, so a folder whose kiosk is gone is told from one in
 * use by another kiosk process of the same user.
 */
const prefix = 'kiosk-print-';
const ownerFile = 'owner';
/** An ownerless folder older than this was left by a crash (or by an older kiosk version). */
const STALE_AFTER_MS = 5 * 60_000;

/** $XDG_RUNTIME_DIR (per user, 0700, usually tmpfs) where it exists, else the system temp folder. */
export function privateTempRoot(): string {
  const runtime = process.env.XDG_RUNTIME_DIR;
  return runtime && existsSync(runtime) ? runtime : tmpdir();
}

/** A new folder (mode 0700, made by mkdtemp) marked as this process's. */
export async function makePrintFolder(root: string): Promise<string> {
  const dir = await mkdtemp(join(root, prefix));
  await writeFile(join(dir, ownerFile), String(process.pid), { mode: 0o600, flag: 'wx' });
  return dir;
}

export function removePrintFolder(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Removes the print folders of kiosk processes that ended without their cleanup (a crash, a
 * kill), so no Chromium profile outlives its kiosk. A folder whose owner still runs is left
 * alone, and so is a young folder without an owner yet (made an instant ago). Returns how
 * many were removed.
 */
export async function removeStalePrintFolders(root: string = privateTempRoot(), now: number = Date.now()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(root).catch(() => [] as string[])) {
    if (!/^kiosk-print-[A-Za-z0-9]{6}$/.test(name)) continue;
    const path = join(root, name);
    const info = await stat(path).catch(() => null);
    if (!info?.isDirectory()) continue;
    const owner = Number(await readFile(join(path, ownerFile), 'utf8').catch(() => ''));
    const stale = owner > 0 ? !isRunning(owner) : now - info.mtimeMs >= STALE_AFTER_MS;
    if (!stale) continue;
    await removePrintFolder(path);
    removed += 1;
  }
  return removed;
}

/** Signal 0 only asks whether the process exists; EPERM means it does (another user's). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
