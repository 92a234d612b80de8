import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../electron/core/config/schema';
import { KioskError } from '../../shared/contract/errors';
import { repoRoot } from '../fakes/contracts/contracts-dir';

/**
 * The data folder holds names and e-mail addresses: after `setup` or a start it is the kiosk
 * account's alone (folders 0700, files 0600), whether the kiosk made it or found it made with
 * a permissive umask; what it cannot tighten stops it with what to do.
 */
const cli = join(repoRoot, 'electron', 'web', 'cli.ts');
/** Each run starts Node with tsx; on a busy machine that takes seconds. */
const SLOW = 120_000;

let dir: string;
let umask: number;
beforeAll(() => {
  // The umask most accounts have: what left files 0644 and folders 0755 before.
  umask = process.umask(0o022);
});
afterAll(() => process.umask(umask));
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-owner-only-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `setup` from source in a shell with umask 022. */
function setup(dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const command = `umask 022 && exec "${process.execPath}" --import tsx "${cli}" setup --data-dir "${dataDir}"`;
    const child = spawn('/bin/sh', ['-c', command], { cwd: repoRoot, env: { ...process.env, KIOSK_DATA_DIR: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), SLOW - 10_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Every folder and file under `root` (the root itself as "."), with its permission bits in octal. */
function modes(root: string): Record<string, string> {
  const found: Record<string, string> = { '.': (lstatSync(root).mode & 0o777).toString(8) };
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    found[relative(root, path)] = (lstatSync(path).mode & 0o777).toString(8);
  }
  return found;
}

/** What each path must be: folders 700, files 600. */
function ownerOnly(root: string): Record<string, string> {
  const wanted: Record<string, string> = { '.': '700' };
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    wanted[relative(root, join(entry.parentPath, entry.name))] = entry.isDirectory() ? '700' : '600';
  }
  return wanted;
}

/**
 * A data folder as an older kiosk or an administrator left it: 0755 with the database, its WAL
 * and SHM files, the log and a secrets file 0644. The database stays open (its WAL and SHM
 * files exist only while it is) until the returned close is called.
 */
function premadeDataDir(dataDir: string): { close(): void } {
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const db = new Database(join(dataDir, 'kiosk.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE leftover (x TEXT)');
  db.prepare('INSERT INTO leftover VALUES (?)').run('Amara Okafor <amara.okafor@example.com>');
  writeFileSync(join(dataDir, 'logs', 'kiosk.log'), '{"msg":"kiosk started"}\n');
  writeFileSync(join(dataDir, 'secrets.json'), '{"version":1,"secrets":{}}');
  for (const name of ['kiosk.sqlite', 'kiosk.sqlite-wal', 'kiosk.sqlite-shm', 'logs/kiosk.log', 'secrets.json']) chmodSync(join(dataDir, name), 0o644);
  chmodSync(join(dataDir, 'logs'), 0o755);
  chmodSync(dataDir, 0o755);
  return { close: () => db.close() };
}

const trainingCore = (dataDir: string) => createCore({ config: kioskConfigSchema.parse({}), dataDir, version: 'test', resourcesDir: join(repoRoot, 'resources') });

describe('the data folder is owner-only, whoever made it', () => {
  it('`setup` into a new folder makes the folder 0700 and the database 0600', async () => {
    const dataDir = join(dir, 'new', 'kiosk-data');
    const result = await setup(dataDir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Setup code: /m);
    expect(existsSync(join(dataDir, 'kiosk.sqlite'))).toBe(true);
    expect(modes(dataDir)).toEqual(ownerOnly(dataDir));
  }, SLOW);

  it('`setup` into a pre-made 0755 folder tightens the folder, the database, its WAL and SHM files and everything else in it, and says so', async () => {
    const dataDir = join(dir, 'premade');
    const premade = premadeDataDir(dataDir);
    try {
      expect(modes(dataDir)).toMatchObject({ '.': '755', 'kiosk.sqlite': '644', 'kiosk.sqlite-wal': '644', 'kiosk.sqlite-shm': '644', logs: '755' });
      const result = await setup(dataDir);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Made owner-only (it was 644, readable by other accounts): ${join(dataDir, 'kiosk.sqlite-wal')}`);
      expect(result.stdout).toContain(`Made owner-only (it was 755, readable by other accounts): ${dataDir}\n`);
      const after = modes(dataDir);
      expect(after).toMatchObject({ 'kiosk.sqlite-wal': '600', 'kiosk.sqlite-shm': '600', 'logs/kiosk.log': '600', 'secrets.json': '600' });
      expect(after).toEqual(ownerOnly(dataDir));
    } finally {
      premade.close();
    }
  }, SLOW);

  it('a core start on a pre-made 0755 folder tightens it before it opens anything, logs what it tightened, and keeps it so while it runs', async () => {
    const dataDir = join(dir, 'premade-core');
    premadeDataDir(dataDir).close();
    const core = trainingCore(dataDir);
    try {
      const running = modes(dataDir);
      expect(running).toMatchObject({ 'kiosk.sqlite': '600', 'kiosk.sqlite-wal': '600', 'kiosk.sqlite-shm': '600', 'logs/kiosk.log': '600' });
      expect(running).toEqual(ownerOnly(dataDir));
    } finally {
      await core.close();
    }
    expect(modes(dataDir)).toEqual(ownerOnly(dataDir));
    const log = readdirSync(join(dataDir, 'logs')).map((name) => join(dataDir, 'logs', name));
    expect(log).toHaveLength(1);
    const warnings = readFileSync(log[0]!, 'utf8').split('\n').filter((line) => line.includes('made owner-only'));
    expect(warnings.map((line) => (JSON.parse(line) as { path: string; was: string }).path).sort()).toEqual(
      ['', 'kiosk.sqlite', 'logs', 'logs/kiosk.log', 'secrets.json'].map((name) => join(dataDir, name)).sort(),
    );
  });

  it('a core start in a new folder makes every folder 0700 and every file 0600, the log and the WAL files included', async () => {
    const dataDir = join(dir, 'fresh');
    const core = trainingCore(dataDir);
    try {
      expect(modes(dataDir)).toMatchObject({ '.': '700', logs: '700', 'logs/kiosk.log': '600', 'kiosk.sqlite': '600', 'kiosk.sqlite-wal': '600', 'kiosk.sqlite-shm': '600' });
      expect(modes(dataDir)).toEqual(ownerOnly(dataDir));
    } finally {
      await core.close();
    }
  });

  it('refuses to start, saying which path and what to do, when another account owns something in the folder; nothing is opened', async () => {
    const { dataDir, foreign } = foreignOwnedDataDir();
    let error: unknown;
    try {
      await trainingCore(dataDir).close();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KioskError);
    expect((error as KioskError).code).toBe('forbidden');
    expect((error as KioskError).message).toContain(`${foreign} belongs to another user account`);
    expect((error as KioskError).message).toMatch(/chown -R \d+ .*another data folder \(--data-dir or KIOSK_DATA_DIR\)/);
    expect(existsSync(join(dataDir, 'kiosk.sqlite'))).toBe(false);
    expect(existsSync(join(dataDir, 'logs'))).toBe(false);

    const refused = await setup(dataDir);
    expect(refused.code).toBe(2);
    expect(refused.stdout).not.toContain('Setup code');
    expect(refused.stderr).toContain(`The setup command failed: ${foreign} belongs to another user account`);
  }, SLOW);
});

/**
 * A data folder the kiosk may not tighten. As root (CI): a temp folder with a file given to
 * "nobody", left 0644. Otherwise: the file system root, which root owns; the refusal comes
 * before anything under it is looked at.
 */
function foreignOwnedDataDir(): { dataDir: string; foreign: string } {
  if (process.getuid?.() !== 0) return { dataDir: '/', foreign: '/' };
  const dataDir = join(dir, 'shared');
  mkdirSync(dataDir, { mode: 0o700 });
  const foreign = join(dataDir, 'roster-export.csv');
  writeFileSync(foreign, 'Badge ID,Given name\n', { mode: 0o644 });
  chownSync(foreign, 65534, 65534);
  return { dataDir, foreign };
}
