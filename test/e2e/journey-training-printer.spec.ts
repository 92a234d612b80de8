import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { expect, test } from './fixtures/kiosk';
import { unlockKiosk } from './fixtures/unlock';
import { spawnWebHost, type RunningWebHost } from './fixtures/web-host-process';
import { checkIn, decodeQrFromScreen, openPhone, trainingSessionAtBadgeCheck } from './journey-helpers';
import { checkScreen } from './screen-checks';

/**
 * Training on a machine with no print queue (the kiosk's queues are named so that no CUPS has
 * them): the recovery sheet and the envelope label come out of the training printer, on screen,
 * and the journey finishes all five steps. The training IdP keeps what it was given, so after a
 * restart of the host the attendee is still "Enrolled".
 */

/** The document the training printer shows, as its SVG (the very HTML that would print), as it reads: without the soft hyphens between syllables. */
async function onScreenDocument(page: Page, document: 'sheet' | 'label'): Promise<string> {
  const image = page.getByTestId(`on-screen-${document}`).getByRole('img');
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const src = await image.getAttribute('src');
  return decodeURIComponent((src ?? '').replace(/^data:image\/svg\+xml;charset=utf-8,/, '')).replaceAll('\u00AD', '');
}

/** Reads the label's QR code the way IT's scanner would: from the pixels on the screen. */
async function labelQrFromScreen(page: Page): Promise<string> {
  const shot = await page.getByTestId('on-screen-label').getByRole('img').screenshot();
  const png = PNG.sync.read(shot);
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  if (!code) throw new Error('no QR code could be read from the label on screen');
  return code.data;
}

async function passkeyFromPhone(page: Page, browser: Browser): Promise<void> {
  const url = await decodeQrFromScreen(page);
  const phone = await openPhone(browser);
  await phone.page.goto(url);
  await phone.page.getByRole('button', { name: /Create passkey|Passkey erstellen/ }).click();
  await expect(phone.page.getByText(/Passkey created\.|Passkey erstellt\./)).toBeVisible();
  await phone.close();
}

test.describe('training without a printer', () => {
  test.describe.configure({ timeout: 240_000 });

  let host: RunningWebHost | null = null;
  test.afterEach(async () => {
    await host?.stop();
    host = null;
  });

  test('a training journey finishes all five steps with the on-screen training printer, in English and in German; after a host restart the attendees are still enrolled', async ({ kiosk, page, browser }) => {
    // A fresh host of this test's own, whose print queues no CUPS on any machine has.
    await kiosk.stopHost();
    const absent = `kiosk-e2e-absent-${randomBytes(4).toString('hex')}`;
    const config = join(kiosk.dataDir, 'kiosk.yaml');
    writeFileSync(config, `mode: training\nprinters:\n  sheet: { queue: ${absent}-sheet }\n  label: { queue: ${absent}-label }\n`);
    host = await spawnWebHost(kiosk.dataDir, ['--config', config]);
    await page.goto(host.url);
    await unlockKiosk(page);
    await trainingSessionAtBadgeCheck(page);

    // Sofia, in English: passkey, backup key, then the sheet from the training printer.
    await checkIn(page, '100103');
    await passkeyFromPhone(page, browser);
    await page.getByLabel('New PIN').fill('482915');
    await page.getByLabel('Repeat the PIN').fill('482915');
    await page.getByRole('button', { name: 'Set PIN' }).click();
    await page.getByRole('button', { name: 'Print my sheet' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your sheet, from the training printer' })).toBeVisible({ timeout: 20_000 });
    const sheet = await onScreenDocument(page, 'sheet');
    expect(sheet).toContain('Sofia Lindqvist');
    expect(sheet).toContain('TRAINING');
    expect(sheet.match(/\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b/g) ?? []).toHaveLength(10);
    await checkScreen(page, 'training-printer-01-sheet');

    await page.getByRole('button', { name: 'I have my sheet' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Seal your backup key' })).toBeVisible();
    await page.getByRole('button', { name: 'Print the label' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Well done, Sofia' })).toBeVisible({ timeout: 20_000 });
    const label = await onScreenDocument(page, 'label');
    expect(label).toContain('Sofia Lindqvist');
    expect(label).toContain('TRAINING');
    expect(await labelQrFromScreen(page)).toMatch(/^ENV-[A-Z0-9]+$/);
    await expect(page.locator('.journey-progress__step[data-state="done"]')).toHaveCount(5);
    await checkScreen(page, 'training-printer-02-label');

    // Amara, in German: the practice key is Sofia's now, so the kiosk offers a fresh one first.
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.getByRole('button', { name: 'Nächste Person' }).click();
    await checkIn(page, '100101', { face: /Ich habe das Gesicht/, signal: 'Führungskraft ist anwesend', confirm: 'Identität bestätigen' });
    await passkeyFromPhone(page, browser);
    await expect(page.getByRole('heading', { level: 1, name: 'Dieser Schlüssel gehört schon jemandem' })).toBeVisible({ timeout: 20_000 });
    await checkScreen(page, 'training-printer-03-key-taken-de');
    await page.getByRole('button', { name: 'Neuen Trainingsschlüssel nehmen' }).click();
    await page.getByLabel('Neue PIN').fill('730164');
    await page.getByLabel('PIN wiederholen').fill('730164');
    await page.getByRole('button', { name: 'PIN festlegen' }).click();
    await page.getByRole('button', { name: 'Mein Blatt drucken' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Ihr Blatt aus dem Schulungsdrucker' })).toBeVisible({ timeout: 20_000 });
    expect(await onScreenDocument(page, 'sheet')).toContain('SCHULUNG');
    await checkScreen(page, 'training-printer-04-sheet-de');
    await page.getByRole('button', { name: 'Ich habe mein Blatt' }).click();
    await page.getByRole('button', { name: 'Etikett drucken' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Gut gemacht, Amara' })).toBeVisible({ timeout: 20_000 });
    expect(await onScreenDocument(page, 'label')).toContain('SCHULUNG');
    await checkScreen(page, 'training-printer-05-label-de');

    // The host restarts; the training IdP still lists both people's passkey and key.
    await host.stop();
    host = await spawnWebHost(kiosk.dataDir, ['--config', config]);
    await page.goto(host.url);
    await page.getByRole('button', { name: 'English' }).click();
    // The kiosk starts locked on the badge check of the open session; unlocking goes on from there.
    await expect(page.getByRole('heading', { level: 1, name: 'Scan your badge' })).toBeVisible();
    await unlockKiosk(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Scan your badge' })).toBeVisible();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Session board' }).click();
    for (const badge of ['100103', '100101']) {
      await expect(page.getByTestId('board-grid').locator(`tr[data-badge="${badge}"] td[data-enrollment="enrolled"]`)).toBeVisible({ timeout: 20_000 });
    }
    await checkScreen(page, 'training-printer-06-board-after-restart');
  });
});
