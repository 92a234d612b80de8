// better-sqlite3 for Electron's ABI, kept apart from node_modules/better-sqlite3 (which stays
// built for Node: the tests and the web host need it). The copy lives in
// node_modules/.kiosk-electron/<electron version>/better-sqlite3 and its addon path is handed
// to the app as KIOSK_SQLITE_BINDING.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {string} root project root
 * @param {string} electronVersion
 * @returns {{ ok: true, binding: string } | { ok: false, reason: string }}
 */
export function ensureElectronSqlite(root, electronVersion) {
  const source = join(root, 'node_modules', 'better-sqlite3');
  const copy = join(root, 'node_modules', '.kiosk-electron', electronVersion, 'better-sqlite3');
  const binding = join(copy, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return { ok: true, binding };
  if (!existsSync(source)) return { ok: false, reason: 'better-sqlite3 is not installed (run `npm install`).' };

  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy, { recursive: true });
  cpSync(source, copy, { recursive: true, filter: (path) => !path.startsWith(join(source, 'build')) });
  const bin = (name) => join(root, 'node_modules', '.bin', name);

  console.log(`Getting better-sqlite3 for Electron ${electronVersion} (prebuilt, else compiled) ...`);
  const attempts = [
    [bin('prebuild-install'), ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch]],
    [bin('node-gyp'), ['rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers']],
  ];
  for (const [command, args] of attempts) {
    if (!existsSync(command)) continue;
    const child = spawnSync(command, args, { cwd: copy, stdio: 'inherit', timeout: 600_000 });
    if (child.status === 0 && existsSync(binding)) return { ok: true, binding };
  }
  rmSync(copy, { recursive: true, force: true });
  return { ok: false, reason: `No better-sqlite3 build for Electron ${electronVersion} could be downloaded or compiled.` };
}
