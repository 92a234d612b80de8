import { BrowserWindow } from 'electron';
import { kioskWindowOptions, type KioskWindowOptions } from './kiosk-window-options';

export function createKioskWindow(options: KioskWindowOptions): BrowserWindow {
  return new BrowserWindow(kioskWindowOptions(options));
}
