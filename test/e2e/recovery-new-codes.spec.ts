import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { BoardRow } from '../../shared/domain/session';
import { contractAvailable, contractTestName } from '../fakes/contracts/contracts-dir';
import { startFakeIdpForKiosk, type KioskPerson } from '../fakes/kiosk-fake-idp';
import { addPdfQueue, cupsMissing, ensureCups, type PdfQueue } from '../integration/helpers/cups-queue';
import { comeBack, isLocked, unlockKiosk } from './fixtures/unlock';
import { spawnWebHost } from './fixtures/web-host-process';
import { checkIn, trainingSessionAtBadgeCheck } from './journey-helpers';
import { callBridge, checkScreen } from './screen-checks';

/**
 * Issue 17: new recovery codes in a session, against the Keycloak fake (contract validation on)
 * with the sheets printed to a real CUPS queue (cups-pdf). An attendee finished their journey
 * with a first sheet; later the facilitator prints them a new one from their board row. Both
 * sheets are read back from the paper; once the attendee has the new sheet, Keycloak refuses
 * every old code and accepts every new one.
 */

const missingCups = cupsMissing();
const attendee: KioskPerson = { badgeId: '340701', givenName: 'Matteo', familyName: 'Ricci', email: 'matteo.ricci@example.test' };
const colleague: KioskPerson = { badgeId: '340702', givenName: 'Amina', familyName: 'Diallo', email: 'amina.diallo@example.test' };

const textOf = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
/** What a person types: the sheet's "ABCD-EFGH-JKMN" without the reading dashes. */
const codesOn = (text: string) => [...text.matchAll(/\b([A-Z2-9]{4})-([A-Z2-9]{4})-([A-Z2-9]{4})\b/g)].map((m) => `${m[1]}${m[2]}${m[3]}`);

/** Job ids CUPS lists for a queue, printed or not, oldest first. */
function jobsOn(queue: PdfQueue): string[] {
  const listed = spawnSync('lpstat', ['-W', 'all', '-o', queue.name], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  return listed.stdout.split('\n').map((line) => line.split(' ')[0] ?? '').filter((id) => id.startsWith(`${queue.name}-`));
}

/** The PDF of the queue's n-th job (from 1), once cups-pdf has written it in full. */
async function nthPrintedPdf(queue: PdfQueue, n: number): Promise<string> {
  await expect.poll(() => jobsOn(queue).length, { timeout: 60_000, message: `job ${n} on ${queue.name}` }).toBeGreaterThanOrEqual(n);
  expect(jobsOn(queue), `jobs on ${queue.name}`).toHaveLength(n);
  return queue.waitForPdf(jobsOn(queue)[n - 1]!);
}

async function toBoard(page: Page): Promise<void> {
  if (await isLocked(page)) await comeBack(page);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Session board' }).click();
}

test.describe('new recovery codes in a session, against the Keycloak fake, printing to a real CUPS queue', () => {
  test.describe.configure({ timeout: 240_000 });
  test.skip(missingCups !== null, missingCups ?? '');
  let cleanups: Array<() => Promise<void> | void> = [];
  test.afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups = [];
  });

  test('a finished attendee gets a new sheet from their board row; Keycloak then refuses the old codes and accepts the new', async ({ page }) => {
    test.skip(!contractAvailable('keycloak'), contractTestName('keycloak'));
    await ensureCups();
    const sheets = addPdfQueue('kiosk-e2e-new-codes-sheet');
    cleanups.push(() => sheets.remove());
    const labels = addPdfQueue('kiosk-e2e-new-codes-label');
    cleanups.push(() => labels.remove());
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-new-codes-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const idp = await startFakeIdpForKiosk('keycloak', { dataDir, people: [attendee, colleague], printers: { sheet: { queue: sheets.name }, label: { queue: labels.name } } });
    cleanups.push(() => idp.stop());
    const host = await spawnWebHost(dataDir, ['--config', idp.configPath]);
    cleanups.push(() => host.stop());
    const { fake } = idp;
    expect(fake.server.contractChecked, 'the fake validates against the published contract').toBe(true);
    const userId = [...fake.users.values()].find((u) => u.attributes.badge_id?.includes(attendee.badgeId))!.id;

    // A session with the attendee on its roster.
    await page.goto(host.url);
    await unlockKiosk(page);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const session = await callBridge<{ id: string }>(page, 'session.start', { department: 'Research & Development', room: 'B-204', plannedMinutes: 30 });
    const roster = ['Badge ID,Given name,Family name,Email', ...[attendee, colleague].map((p) => [p.badgeId, p.givenName, p.familyName, p.email].join(','))].join('\n') + '\n';
    await callBridge(page, 'roster.import', { sessionId: session.id, fileBase64: Buffer.from(roster).toString('base64') });
    const rows = (await callBridge<{ rows: BoardRow[] }>(page, 'board.get', { sessionId: session.id })).rows;
    const who = { sessionId: session.id, attendeeId: rows.find((r) => r.attendee.badgeId === attendee.badgeId)!.attendee.id };
    await page.reload();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Badge check' }).click();

    // The journey, short: no phone and no key today (skipped with reasons), the first sheet printed.
    await checkIn(page, attendee.badgeId);
    await expect(page.getByRole('heading', { level: 1, name: 'Add a passkey on your phone' })).toBeVisible({ timeout: 15_000 });
    await callBridge(page, 'journey.skip', { ...who, step: 'platformPasskey', reason: 'noSmartphone' });
    await callBridge(page, 'journey.skip', { ...who, step: 'backupKey', reason: 'noKeyAvailable' });
    await expect(page.getByRole('heading', { level: 1, name: 'Your recovery codes' })).toBeVisible({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Print my sheet' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Take your sheet from the printer' })).toBeVisible({ timeout: 60_000 });
    const oldCodes = codesOn(textOf(await nthPrintedPdf(sheets, 1)));
    expect(oldCodes.length, 'codes on the first sheet').toBeGreaterThanOrEqual(6);
    await page.getByRole('button', { name: 'I have my sheet' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'No backup key to seal' })).toBeVisible();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => oldCodes.every((code) => fake.acceptsRecoveryCode(userId, code)), { timeout: 30_000, message: 'the first sheet at Keycloak' }).toBe(true);

    // Later: the facilitator comes back, and the attendee's row offers new codes.
    await toBoard(page);
    const row = page.getByTestId('board-grid').locator(`tr[data-badge="${attendee.badgeId}"]`);
    await expect(page.getByTestId('board-grid').locator(`tr[data-badge="${colleague.badgeId}"]`).getByRole('button', { name: /New codes for/ })).toHaveCount(0);
    await row.getByRole('button', { name: `New codes for ${attendee.givenName} ${attendee.familyName}` }).click();
    const panel = page.getByTestId('board-new-codes');
    await expect(panel.getByRole('heading', { name: `New recovery codes for ${attendee.givenName} ${attendee.familyName}` })).toBeVisible();
    await expect(panel).toContainText('The old codes keep working until the person confirms they have the new sheet');
    // The board still fits the display with the row action under the name.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), 'the page scrolls sideways').toBeLessThanOrEqual(0);
    await checkScreen(page, 'recovery-new-codes-ask');
    await panel.getByRole('button', { name: 'Print the new sheet' }).click();
    await expect(panel.getByRole('heading', { name: 'Take your sheet from the printer' })).toBeVisible({ timeout: 60_000 });

    const newSheet = textOf(await nthPrintedPdf(sheets, 2));
    expect(newSheet).toContain(`${attendee.givenName} ${attendee.familyName}`);
    const newCodes = codesOn(newSheet);
    expect(newCodes).toHaveLength(oldCodes.length);
    expect(newCodes.filter((code) => oldCodes.includes(code))).toEqual([]);
    // Paper only, and the old sheet still works until the attendee has the new one.
    const screen = await page.locator('main').innerText();
    expect(newCodes.filter((code) => screen.includes(code) || screen.includes(code.match(/.{4}/g)!.join('-')))).toEqual([]);
    await expect(panel).toContainText(`Your sheet has ${newCodes.length} codes.`);
    expect(fake.acceptsRecoveryCode(userId, oldCodes[0]!)).toBe(true);
    await checkScreen(page, 'recovery-new-codes-printed');

    await panel.getByRole('button', { name: 'I have my sheet' }).click();
    await expect(page.getByTestId('new-codes-outcome')).toContainText(`New recovery codes for ${attendee.givenName} ${attendee.familyName}`);
    await expect(panel).toHaveCount(0);
    await checkScreen(page, 'recovery-new-codes-done');

    // At Keycloak: the new codes replaced the old credential; every old code is refused now.
    await expect.poll(() => newCodes.every((code) => fake.acceptsRecoveryCode(userId, code)), { timeout: 30_000, message: 'the new sheet at Keycloak' }).toBe(true);
    expect(oldCodes.filter((code) => fake.acceptsRecoveryCode(userId, code)), 'old codes Keycloak still accepts').toEqual([]);
    expect(fake.credentials.get(userId)!.filter((c) => c.type === 'recovery-authn-codes')).toHaveLength(1);
    const received = fake.receivedBodies.join('\n');
    expect(newCodes.filter((code) => received.includes(code)), 'plaintext codes sent to Keycloak').toEqual([]);
    expect(fake.credentialProblems, 'imports Keycloak would reject').toEqual([]);
    expect(fake.server.violations, 'contract violations').toEqual([]);
  });

  test('in training without a print queue, the new sheet comes out of the training printer in the panel, and leaves the screen with "I have my sheet"', async ({ page }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-new-codes-training-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const absent = `kiosk-e2e-absent-${randomBytes(4).toString('hex')}`;
    const config = join(dataDir, 'kiosk.yaml');
    writeFileSync(config, `mode: training\nprinters:\n  sheet: { queue: ${absent}-sheet }\n  label: { queue: ${absent}-label }\n`);
    const host = await spawnWebHost(dataDir, ['--config', config]);
    cleanups.push(() => host.stop());
    await page.goto(host.url);
    await unlockKiosk(page);
    const { sessionId } = await trainingSessionAtBadgeCheck(page);
    const rows = (await callBridge<{ rows: BoardRow[] }>(page, 'board.get', { sessionId })).rows;
    const sofia = rows.find((r) => r.attendee.badgeId === '100103')!.attendee;
    const who = { sessionId, attendeeId: sofia.id };

    await checkIn(page, '100103');
    await expect(page.getByRole('heading', { level: 1, name: 'Add a passkey on your phone' })).toBeVisible({ timeout: 15_000 });
    await callBridge(page, 'journey.skip', { ...who, step: 'platformPasskey', reason: 'later' });
    await callBridge(page, 'journey.skip', { ...who, step: 'backupKey', reason: 'noKeyAvailable' });
    await callBridge(page, 'journey.skip', { ...who, step: 'recoveryCodes', reason: 'printerBroken' });
    await expect(page.getByRole('heading', { level: 1, name: 'No backup key to seal' })).toBeVisible({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Continue' }).click();

    await toBoard(page);
    await page.getByTestId('board-grid').locator('tr[data-badge="100103"]').getByRole('button', { name: `New codes for ${sofia.givenName} ${sofia.familyName}` }).click();
    const panel = page.getByTestId('board-new-codes');
    await panel.getByRole('button', { name: 'Print the new sheet' }).click();
    await expect(panel.getByRole('heading', { name: 'Your sheet, from the training printer' })).toBeVisible({ timeout: 30_000 });
    const image = panel.getByTestId('on-screen-sheet').getByRole('img');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const sheet = decodeURIComponent(((await image.getAttribute('src')) ?? '').replace(/^data:image\/svg\+xml;charset=utf-8,/, '')).replaceAll('\u00AD', '');
    expect(sheet).toContain(`${sofia.givenName} ${sofia.familyName}`);
    expect(sheet).toContain('TRAINING');
    expect(sheet.match(/\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b/g) ?? []).toHaveLength(10);
    await checkScreen(page, 'recovery-new-codes-training-printer');

    await panel.getByRole('button', { name: 'I have my sheet' }).click();
    await expect(page.getByTestId('new-codes-outcome')).toBeVisible();
    await expect(page.getByTestId('on-screen-sheet')).toHaveCount(0);
  });
});
