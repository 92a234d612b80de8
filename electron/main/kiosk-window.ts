import { BrowserWindow } from 'electron';

export interface KioskWindowOptions {
  preload: string;
  /** Packaged builds fill the screen in kiosk mode and have no devtools. */
  packaged: boolean;
  iconPath?: string;
}

/** The one window: isolated, sandboxed, no Node in the page, kiosk mode when packaged. */
export function createKioskWindow(options: KioskWindowOptions): BrowserWindow {
  return new BrowserWindow({
    width: 1366,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    kiosk: options.packaged,
    fullscreen: options.packaged,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    title: 'Enrollment Kiosk',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !options.packaged,
    },
  });
}
