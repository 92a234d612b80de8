#!/usr/bin/env node
// `npm start`: the Electron shell where its binary exists (or can be fetched now); otherwise
// the browser host, saying why. `npm run start:web` (--web): the browser host directly.
// Options after `--` go to the web host (--port, --data-dir, --config); --no-build reuses out/.
// With no KIOSK_CONFIG the kiosk runs in training mode.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureElectronSqlite } from './electron-sqlite.mjs';
import { fetchElectronBinary, findElectronBinary } from './electron-binary.mjs';

const root = join(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const webOnly = args.includes('--web');
const skipBuild = args.includes('--no-build');
const hostArgs = args.filter((arg) => arg !== '--web' && arg !== '--no-build' && arg !== '--');

function build() {
  if (skipBuild) return;
  console.log('Building (electron-vite build) ...');
  const child = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (child.status !== 0) {
    console.error('The build failed; see the messages above.');
    process.exit(child.status ?? 1);
  }
}

/** Runs a child in the foreground: signals are passed on, its exit code becomes ours. */
function foreground(command, commandArgs, env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

function startWebHost(why) {
  if (why) console.log(`${why} Starting the browser host instead.`);
  build();
  if (!process.env.KIOSK_CONFIG) console.log('No KIOSK_CONFIG given: training mode (practice data, nothing sent anywhere).');
  console.log('Open the address below in Chromium or Chrome (nothing is opened automatically):');
  foreground(process.execPath, [join(root, 'out', 'main', 'web-host.js'), ...hostArgs], {});
}

function startElectron() {
  let electron = findElectronBinary(root);
  if (!electron.ok && fetchElectronBinary(root)) electron = findElectronBinary(root);
  if (!electron.ok) return startWebHost(electron.reason);
  const sqlite = ensureElectronSqlite(root, electron.version);
  if (!sqlite.ok) return startWebHost(`${sqlite.reason} The Electron shell cannot open its database.`);
  build();
  if (!process.env.KIOSK_CONFIG) console.log('No KIOSK_CONFIG given: training mode (practice data, nothing sent anywhere).');
  console.log(`Starting the Electron shell (Electron ${electron.version}) ...`);
  foreground(electron.path, [root], { KIOSK_SQLITE_BINDING: sqlite.binding });
}

if (webOnly) startWebHost(null);
else startElectron();
