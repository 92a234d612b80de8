import { app, dialog, Menu, session, type BrowserWindow } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KioskMode } from '../../shared/domain/mode';
import { createCore, type Core } from '../core/app/create-core';
import { loadConfig } from '../core/app/load-config';
import { parseHostCommand, UsageError, type HostCommand } from '../host/host-command';
import { runTerminalCommand, type HostSecretStore } from '../host/terminal-commands';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { bindIpc, forwardEvents } from './ipc-binding';
import { createKioskWindow } from './kiosk-window';
import { lockDownContents, lockDownSession } from './lockdown';
import { ElectronPdfRenderer } from './print/electron-pdf-renderer';
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

/** The IdP secrets the kiosk reads: ciphertext from the OS keychain (safeStorage, ready only once the app is). */
const keychainSecrets: HostSecretStore = (dataDir, warn) => {
  const { store, path } = keychainSecretStore(dataDir, warn);
  return { store, where: `${path} (encrypted with the OS keychain)` };
};

// The same command line and environment as the browser host (electron/host/). `enrollment-kiosk
// setup` and `enrollment-kiosk secrets set|has|delete NAME` answer in the terminal and exit: no
// window, and no single-instance lock, so they work while the kiosk runs.
const command = commandLine();
if (command instanceof UsageError) {
  process.stderr.write(`${command.message}\n${command.usage ?? ''}\n`);
  app.exit(2);
} else if (command.kind !== 'serve') {
  app
    .whenReady()
    .then(() => runTerminalCommand(command, keychainSecrets, process))
    .then(
      (code) => app.exit(code),
      (error: unknown) => {
        process.stderr.write(`The ${command.kind} command failed: ${error instanceof Error ? error.message : String(error)}\n`);
        app.exit(2);
      },
    );
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
  app
    .whenReady()
    .then(() => start(command))
    .catch(fail);
}

/** Electron's argv: the program, then (run as `electron .`) the app folder, then ours among Chromium's switches. */
function commandLine(): HostCommand | UsageError {
  try {
    return parseHostCommand({
      args: process.argv.slice(1),
      appFolderFirst: process.defaultApp === true,
      env: process.env,
      defaultDataDir: () => app.getPath('userData'),
      serveOptions: {},
      passOverUnknownOptions: true,
    });
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
}

async function start(command: Extract<HostCommand, { kind: 'serve' }>): Promise<void> {
  Menu.setApplicationMenu(null);
  const { dataDir } = command;
  const config = loadConfig(command.configFile);
  kioskMode = config.mode;
  core = createCore({
    config,
    dataDir,
    version: app.getVersion(),
    sqliteBinding: command.sqliteBinding,
    resourcesDir: join(app.getAppPath(), 'resources'),
    ports: { secrets: keychainSecretStore(dataDir, (message) => console.warn(message)).store, pdfRenderer: new ElectronPdfRenderer() },
    // The log goes to <dataDir>/logs/kiosk.log; a development run shows it in its terminal too.
    logToStderr: !app.isPackaged,
    // The training key enrolls itself once the first screen is up, not while it loads.
    enrollBuiltInKeyAfterMs: 3_000,
    // The hidden print window opens once that first screen is up, so the first print is fast too.
    warmPrintingAfterMs: 5_000,
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
    // The hidden print window stays open for the next print, so closing the kiosk window is what ends the app.
    app.quit();
  });
  window.once('ready-to-show', () => window?.show());
  await window.loadURL(devServerUrl ?? appEntryUrl);
}

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox('Enrollment Kiosk could not start', message);
  app.exit(1);
}
