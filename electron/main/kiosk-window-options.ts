import type { BrowserWindowConstructorOptions } from 'electron';

export interface KioskWindowOptions {
  preload: string;
  /** Packaged builds fill the screen in kiosk mode and have no devtools. */
  packaged: boolean;
  iconPath?: string;
}

/**
 * The one window's options: isolated, sandboxed, no Node in the page, kiosk mode when
 * packaged. A pure function (type-only Electron import) so a Node test can hold it to that.
 */
export function kioskWindowOptions(options: KioskWindowOptions): BrowserWindowConstructorOptions {
  return {
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
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !options.packaged,
    },
  };
}
