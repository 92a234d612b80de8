import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createKioskWindow } from '../../electron/main/kiosk-window';

// Electron's module cannot load under Node (vi.mock is hoisted above the imports); a stand-in
// BrowserWindow records what the kiosk window is constructed with, exactly what Electron would get.
const { constructed } = vi.hoisted(() => ({ constructed: [] as BrowserWindowConstructorOptions[] }));
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: BrowserWindowConstructorOptions) {
      constructed.push(options);
    }
  },
}));

function windowFor(packaged: boolean, iconPath?: string): BrowserWindowConstructorOptions {
  constructed.length = 0;
  createKioskWindow({ preload: '/app/out/preload/index.cjs', packaged, iconPath });
  expect(constructed).toHaveLength(1);
  return constructed[0]!;
}

describe('the kiosk BrowserWindow (DESIGN.md section 7)', () => {
  it('isolates and sandboxes the page, with no Node anywhere and no middle-click windows, in dev and packaged builds', () => {
    for (const packaged of [false, true]) {
      expect(windowFor(packaged).webPreferences, `packaged: ${packaged}`).toMatchObject({
        preload: '/app/out/preload/index.cjs',
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
        disableBlinkFeatures: 'Auxclick',
      });
    }
  });

  it('is a full-screen kiosk without devtools when packaged, a normal window with devtools in development', () => {
    expect(windowFor(true)).toMatchObject({ kiosk: true, fullscreen: true, show: false, webPreferences: { devTools: false } });
    expect(windowFor(false)).toMatchObject({ kiosk: false, fullscreen: false, show: false, webPreferences: { devTools: true } });
  });

  it('takes the icon when there is one and sets none otherwise', () => {
    expect(windowFor(true, '/app/resources/icon.png').icon).toBe('/app/resources/icon.png');
    expect(windowFor(true)).not.toHaveProperty('icon');
  });
});
