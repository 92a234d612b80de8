import { app, dialog, Menu, session, type BrowserWindow } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../core/app/create-core';
import { loadConfig } from '../core/config/load-config';
import { FileSecretStore } from '../core/secrets/file-secret-store';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { bindIpc, forwardEvents } from './ipc-binding';
import { createKioskWindow } from './kiosk-window';
import { lockDownContents, lockDownSession } from './lockdown';
import { EncryptedSecretStore } from './secrets/encrypted-secret-store';
import { safeStorageCipher } from './secrets/safe-storage-cipher';
import { appEntryUrl, appOrigin } from './security/app-scheme';
import { originOf } from './security/origin-check';

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
lockDownContents(trustedOrigins);

let window: BrowserWindow | null = null;
let core: Core | null = null;

if (!app.requestSingleInstanceLock()) {
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
  app.whenReady().then(start, fail);
}

async function start(): Promise<void> {
  Menu.setApplicationMenu(null);
  const dataDir = process.env.KIOSK_DATA_DIR || app.getPath('userData');
  core = createCore({
    config: loadConfig(process.env.KIOSK_CONFIG || undefined),
    dataDir,
    version: app.getVersion(),
    sqliteBinding: process.env.KIOSK_SQLITE_BINDING || undefined,
    resourcesDir: join(app.getAppPath(), 'resources'),
    // Ciphertext only, in its own folder so the browser host's plaintext file is never confused with it.
    ports: {
      secrets: new EncryptedSecretStore(new FileSecretStore({ dataDir: join(dataDir, 'keychain'), warn: () => undefined }), safeStorageCipher, (message) =>
        console.warn(message),
      ),
    },
    onInternalError: (name, error) => console.error(`internal error in ${name}:`, error),
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

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox('Enrollment Kiosk could not start', message);
  app.exit(1);
}
