import type { KioskBridge } from '../../../shared/contract/envelope';

declare global {
  interface Window {
    /** Set by the Electron preload or by the web host's bridge script; never both. */
    kiosk?: KioskBridge;
  }
}

/**
 * The preload defines `window.kiosk` before any page script runs; the web host's bridge script
 * may finish a moment after this module starts. Waiting briefly covers both without the
 * renderer knowing which one it is on.
 */
export async function waitForBridge(timeoutMs = 10_000, pollMs = 25): Promise<KioskBridge | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (window.kiosk) return window.kiosk;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return window.kiosk ?? null;
}
