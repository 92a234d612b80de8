// Finds the Electron binary without `require('electron')`: that module starts a download
// when the binary is missing, which must be our explicit, time-bounded decision instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {string} root project root
 * @returns {{ ok: true, path: string, version: string } | { ok: false, reason: string }}
 */
export function findElectronBinary(root) {
  const pkgDir = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkgDir, 'package.json'))) {
    return { ok: false, reason: 'The electron package is not installed (run `npm install`).' };
  }
  const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return { ok: false, reason: 'The Electron binary is not installed (its download failed or was skipped).' };
  }
  const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) {
    return { ok: false, reason: `The Electron binary is missing at ${binary} (its download failed or was skipped).` };
  }
  return { ok: true, path: binary, version };
}

/**
 * One bounded attempt to fetch the binary with electron's own installer (no-op when present).
 * @param {string} root
 * @returns {boolean} whether the installer succeeded
 */
export function fetchElectronBinary(root) {
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return false;
  console.log('Fetching the Electron binary (one attempt, up to 3 minutes) ...');
  const child = spawnSync(process.execPath, [installer], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000 });
  return child.status === 0;
}
