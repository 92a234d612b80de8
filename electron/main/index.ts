import { app, dialog, Menu, session, type BrowserWindow } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KioskMode } from '../../shared/domain/mode';
import { runSetupCommand } from '../core/access/setup-command';
import { createCore, type Core } from '../core/app/create-core';
import { loadConfig } from '../core/app/load-config';
import { systemClock } from '../core/ports/clock';
import { runSecretsCommand } from '../core/secrets/secrets-command';
import { describeTightened, makeDataDirPrivate } from '../core/store/private-data-dir';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { bindIpc, forwardEvents } from './ipc-binding';
import { createKioskWindow } from './kiosk-window';
import { lockDownContents, lockDownSession } from './lockdown';
import { ElectronPrinter } from './print/electron-printer';
import { keychainSecretStore } from './secrets/keychain-secret-store';
import { appEntryUrl, appOrigin } from './security/app-scheme';
import { originOf } from './security/origin-check';
import { isPractisePage } from './security/practise-window';

/**
 * The Electron shell: lifecycle, the locked-down kiosk window, the IPC transport. All
 * application logic lives in electron/core; this file only wires it to Electron.
 */
const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const preload = join(here, '..', 'preload', 'index.cjs');
// `electron-vite dev` serves the renderer with hot reload; trusted only in unpackaged runs.
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const trustedOrigins = [appOrigin, ...(devServerUrl ? [originOf(devServerUrl)].filter((o): o is string => o !== null) : [])];

registerAppScheme();
// Decided once the config is read; until then no page may open a window.
let kioskMode: KioskMode = 'production';
lockDownContents(trustedOrigins, (url) => isPractisePage(url, kioskMode));

let window: BrowserWindow | null = null;
let core: Core | null = null;

// `enrollment-kiosk secrets set|has|delete NAME`: manage the IdP secrets in the keychain store
// from a terminal, then exit; no window, and no single-instance lock, so it works while the kiosk runs.
const secretsAt = process.argv.indexOf('secrets');
// `enrollment-kiosk setup`: prints a one-time setup code for the first facilitator key, then exits.
const setupAt = process.argv.indexOf('setup');
if (secretsAt > 0) {
  app.whenReady().then(runSecrets).catch(failCommand('secrets'));
} else if (setupAt > 0) {
  app
    .whenReady()
    .then(() => app.exit(runSetupCommand({ dataDir: process.env.KIOSK_DATA_DIR || app.getPath('userData'), clock: systemClock, out: process.stdout, sqliteBinding: process.env.KIOSK_SQLITE_BINDING || undefined })))
    .catch(failCommand('setup'));
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void core?.close();
  });
  // A core that refuses to start (e.g. a data folder other accounts can read) says why in a dialog.
  app.whenReady().then(start).catch(fail);
}

async function start(): Promise<void> {
  Menu.setApplicationMenu(null);
  const dataDir = process.env.KIOSK_DATA_DIR || app.getPath('userData');
  const config = loadConfig(process.env.KIOSK_CONFIG || undefined);
  kioskMode = config.mode;
  core = createCore({
    config,
    dataDir,
    version: app.getVersion(),
    sqliteBinding: process.env.KIOSK_SQLITE_BINDING || undefined,
    resourcesDir: join(app.getAppPath(), 'resources'),
    ports: { secrets: keychainSecretStore(dataDir, (message) => console.warn(message)).store, printer: new ElectronPrinter() },
    // The log goes to <dataDir>/logs/kiosk.log; a development run shows it in its terminal too.
    logToStderr: !app.isPackaged,
    // The training key enrolls itself once the first screen is up, not while it loads.
    enrollBuiltInKeyAfterMs: 3_000,
  });

  lockDownSession(session.defaultSession);
  serveRenderer(session.defaultSession, rendererDir);
  bindIpc(core, trustedOrigins);

  const iconPath = join(here, '..', '..', 'resources', 'icon.png');
  window = createKioskWindow({ preload, packaged: app.isPackaged, iconPath: existsSync(iconPath) ? iconPath : undefined });
  const stopForwarding = forwardEvents(core.events, window);
  window.on('closed', () => {
    stopForwarding();
    window = null;
  });
  window.once('ready-to-show', () => window?.show());
  await window.loadURL(devServerUrl ?? appEntryUrl);
}

/** Chromium switches (e.g. --no-sandbox) may follow the command; they are not its arguments. */
async function runSecrets(): Promise<void> {
  const dataDir = process.env.KIOSK_DATA_DIR || app.getPath('userData');
  for (const line of describeTightened(makeDataDirPrivate(dataDir))) process.stderr.write(`${line}\n`);
  const { store, path } = keychainSecretStore(dataDir, (message) => process.stderr.write(`Note: ${message}\n`));
  const code = await runSecretsCommand(process.argv.slice(secretsAt + 1).filter((arg) => !arg.startsWith('--')), store, `${path} (encrypted with the OS keychain)`, { stdin: process.stdin, stderr: process.stderr });
  app.exit(code);
}

/** The terminal commands answer in the terminal: the reason on stderr, exit code 2. */
function failCommand(command: string): (error: unknown) => void {
  return (error) => {
    process.stderr.write(`The ${command} command failed: ${error instanceof Error ? error.message : String(error)}\n`);
    app.exit(2);
  };
}

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox('Enrollment Kiosk could not start', message);
  app.exit(1);
}
