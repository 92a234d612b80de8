import { BrowserWindow } from 'electron';

export interface KioskWindowOptions {
  preload: string;
  /** Packaged builds fill the screen in kiosk mode and have no devtools. */
  packaged: boolean;
  iconPath?: string;
}

/**
 * The one kiosk window: isolated, sandboxed, no Node in the page, kiosk mode when packaged.
 * The web preferences are written out literally at the constructor so that a static scanner
 * (Electronegativity, test/integration/electronegativity-scan.test.ts) sees every one of them.
 */
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
      // Electronegativity asks for every preload to be reviewed (PRELOAD_JS_CHECK, allow-listed in
      // test/integration/electronegativity-scan.test.ts): this one exposes only window.kiosk's
      // call and subscribe, never ipcRenderer, and main answers only app://kiosk frames.
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
      // No middle-click "open in new window" from the page; lockDownContents denies new
      // windows in any case, this stops the click before it gets there.
      disableBlinkFeatures: 'Auxclick',
      devTools: !options.packaged,
    },
  });
}
