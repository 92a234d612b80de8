import type { Browser, Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { expect } from './fixtures/kiosk';
import { comeBack, isLocked } from './fixtures/unlock';
import { chromiumFlags } from '../../playwright.config';
import { callBridge, scanWithReader } from './screen-checks';

/** Reads the QR code the way a phone camera does: from pixels on the screen, not from the DOM. */
export async function decodeQrFromScreen(page: Page): Promise<string> {
  const shot = await page.getByTestId('passkey-qr').screenshot();
  const png = PNG.sync.read(shot);
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  if (!code) throw new Error('no QR code could be read from the screenshot');
  return code.data;
}

/**
 * The attendee's phone: its own browser context with Chromium's CDP virtual authenticator
 * (internal transport, resident keys, user verification), as a platform authenticator would be.
 */
export async function openPhone(browser: Browser): Promise<{ page: Page; credentials(): Promise<number>; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, locale: 'en-GB' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return {
    page,
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials.length,
    close: () => context.close(),
  };
}

/** A training session with the training roster, opened on the badge check screen. */
export async function trainingSessionAtBadgeCheck(page: Page): Promise<{ sessionId: string }> {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const session = await callBridge<{ id: string }>(page, 'session.start', { department: 'Training', room: 'B-204', plannedMinutes: 30 });
  await callBridge(page, 'roster.loadTraining', { sessionId: session.id });
  await page.reload();
  await page.getByRole('navigation', { name: /Main navigation|Hauptnavigation/ }).getByRole('button', { name: /Badge check|Ausweisprüfung/ }).click();
  return { sessionId: session.id };
}

/**
 * Scans the badge and confirms the identity as the facilitator does (face + manager present).
 * The previous attendee's journey left the kiosk locked: the facilitator comes back with their
 * key first.
 */
export async function checkIn(page: Page, badge: string, labels = { face: /I have compared the face/, signal: 'Manager is present', confirm: 'Confirm identity' }): Promise<void> {
  await scanWithReader(page, badge);
  await expect(page.getByLabel(labels.face)).toBeVisible();
  if (await isLocked(page)) await comeBack(page);
  await page.getByLabel(labels.face).check();
  await page.getByLabel(labels.signal).check();
  await page.getByRole('button', { name: labels.confirm }).click();
}

export { chromiumFlags };
