import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, shot } from './fixtures/kiosk';
import { projectRoot } from './fixtures/web-host-process';
import type { Page } from '@playwright/test';

export const goodAndBadRoster = join(projectRoot, 'test', 'fixtures', 'roster-12-good-3-bad.csv');

/** The kiosk displays every screen is judged at: the smallest first, the screenshot's size. */
export const kioskDisplays = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/**
 * What must be on the display without scrolling: every primary action, the QR code's whole
 * panel (its code, pass and countdown) and a label from the training printer, whole. Each one's
 * box lies inside the viewport (a kiosk has no scroll), checked at every kiosk display size.
 */
const mustShow = '.button--primary, [data-testid="passkey-qr"], .passkey__qr, [data-testid="on-screen-label"] img';

export async function expectFitsDisplays(page: Page, name: string): Promise<void> {
  const original = page.viewportSize();
  try {
    for (const display of kioskDisplays) {
      await page.setViewportSize(display);
      // Layout follows the resize on the next frame.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const outside = await page.evaluate((selector) =>
        [...document.querySelectorAll<HTMLElement>(selector)]
          .filter((element) => element.offsetParent !== null)
          .map((element) => {
            const box = element.getBoundingClientRect();
            // Where it lies on the page, whatever was scrolled to reach it.
            return { element, top: box.top + scrollY, left: box.left + scrollX, bottom: box.bottom + scrollY, right: box.right + scrollX };
          })
          .filter(({ top, left, bottom, right }) => top < 0 || left < 0 || bottom > innerHeight || right > innerWidth)
          .map(({ element, top, left, bottom, right }) => `"${element.dataset.testid ?? element.textContent?.trim().slice(0, 40)}" at ${Math.round(left)},${Math.round(top)}–${Math.round(right)},${Math.round(bottom)}`),
      mustShow);
      expect(outside, `on screen "${name}" at ${display.width}×${display.height}, outside the display without scrolling`).toEqual([]);
    }
  } finally {
    if (original) await page.setViewportSize(original);
  }
}

/**
 * Zero axe violations (WCAG 2.x A/AA and best practice), the primary actions and the QR code on
 * the display at 1366×768 and 1920×1080 without scrolling, then a screenshot at 1366×768 for
 * people to look at.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `axe violations on screen "${name}"`).toEqual([]);
  await expectFitsDisplays(page, name);
  await shot(page, name);
}

/**
 * What a USB badge reader does: digits typed fast, then Enter, with no field focused.
 * Focus is parked on the page body first, as on an attendee screen nobody touched.
 */
export async function scanWithReader(page: Page, badge: string): Promise<void> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
  });
  await page.keyboard.type(badge);
  await page.keyboard.press('Enter');
}

interface BridgeReply {
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

/** Sets up data through the same bridge the app uses (for tests whose subject is elsewhere). */
export async function callBridge<T>(page: Page, name: string, input: unknown): Promise<T> {
  const reply = await page.evaluate(
    ([callName, callInput]) => (window as unknown as { kiosk: { call(n: string, i: unknown): Promise<unknown> } }).kiosk.call(callName as string, callInput),
    [name, input] as const,
  );
  const typed = reply as BridgeReply;
  if (!typed.ok) throw new Error(`${name} failed: ${typed.error?.code} ${typed.error?.message}`);
  return typed.result as T;
}

/** A session with the 12 good rows of the fixture imported, opened on the session board. */
export async function openSessionWithRoster(page: Page, department = 'Research & Development'): Promise<{ sessionId: string }> {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const session = await callBridge<{ id: string }>(page, 'session.start', {
    department,
    room: 'B-204',
    plannedMinutes: 30,
  });
  await callBridge(page, 'roster.import', { sessionId: session.id, fileBase64: readFileSync(goodAndBadRoster).toString('base64') });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Session board' })).toBeVisible();
  return { sessionId: session.id };
}
