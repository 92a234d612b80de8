import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { JourneyView } from '../../shared/domain/journey';
import { contractAvailable, contractTestName } from '../fakes/contracts/contracts-dir';
import { startFakeIdpForKiosk, type KioskFakeIdp, type KioskPerson } from '../fakes/kiosk-fake-idp';
import { addPhoneAuthenticator, createPasskeyOnPhone } from '../fakes/phone-passkey';
import { addPdfQueue, cupsMissing, ensureCups, type PdfQueue } from '../integration/helpers/cups-queue';
import { spawnWebHost } from './fixtures/web-host-process';
import { comeBack, isLocked, unlockKiosk } from './fixtures/unlock';
import { decodeQrFromScreen } from './journey-helpers';
import { callBridge, checkScreen } from './screen-checks';

/**
 * Issue 17, recovery, at the Keycloak and Entra fakes (contract validation on) with real CUPS queues: Hannah
 * enrolled at a session (phone passkey from the QR, backup key, codes, envelope into the safe)
 * loses her phone. The helpdesk finds her, checks her identity, ticks the lost passkey (the
 * fake's request log shows it deleted), hands out her envelope, her new phone's passkey
 * appears, and the key is sealed in a new envelope whose label is read back from the paper.
 * Every step of the recovery is checked with axe and at the kiosk's displays.
 */
const PIN = '482915';
const missingCups = cupsMissing();
const person: KioskPerson = { badgeId: '350801', givenName: 'Hannah', familyName: 'Vogt', email: 'hannah.vogt@example.test' };
const colleague: KioskPerson = { badgeId: '350802', givenName: 'Kwame', familyName: 'Mensah', email: 'kwame.mensah@example.test' };

const textOf = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

function jobsOn(queue: PdfQueue): string[] {
  const listed = spawnSync('lpstat', ['-W', 'all', '-o', queue.name], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  return listed.stdout.split('\n').map((line) => line.split(' ')[0] ?? '').filter((id) => id.startsWith(`${queue.name}-`));
}

/** The PDF of the queue's `n`-th job (1-based), once cups-pdf has written it. */
async function nthPdf(queue: PdfQueue, n: number): Promise<string> {
  await expect.poll(() => jobsOn(queue).length, { timeout: 60_000, message: `job ${n} on ${queue.name}` }).toBeGreaterThanOrEqual(n);
  const byNumber = jobsOn(queue).sort((a, b) => Number(a.split('-').at(-1)) - Number(b.split('-').at(-1)));
  return queue.waitForPdf(byNumber[n - 1]!);
}

function labelQr(pdf: string): string {
  const base = join(tmpdir(), `kiosk-e2e-recovery-label-${Date.now()}`);
  execFileSync('pdftoppm', ['-png', '-r', '300', '-singlefile', pdf, base]);
  const png = PNG.sync.read(readFileSync(`${base}.png`));
  rmSync(`${base}.png`, { force: true });
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  if (!code) throw new Error('no QR code on the label');
  return code.data;
}

async function createPasskeyOnNewPhone(browser: Browser, link: { url: string; code: string | null }): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, locale: 'en-GB' });
  try {
    const phone = await context.newPage();
    await addPhoneAuthenticator(phone);
    await createPasskeyOnPhone(phone, link, person.email);
  } finally {
    await context.close();
  }
}

/** Hannah's session, through the same calls the journey's screens make (their screens have specs of their own). */
async function enrolled(page: Page, browser: Browser): Promise<void> {
  const session = await callBridge<{ id: string }>(page, 'session.start', { department: 'Research', room: 'B-204', plannedMinutes: 30 });
  const roster = ['Badge ID,Given name,Family name,Email', ...[person, colleague].map((p) => `${p.badgeId},${p.givenName},${p.familyName},${p.email}`)].join('\n');
  await callBridge(page, 'roster.import', { sessionId: session.id, fileBase64: Buffer.from(roster).toString('base64') });
  const scanned = await callBridge<{ kind: string; attendee: { id: string } }>(page, 'badge.scan', { sessionId: session.id, raw: person.badgeId });
  const who = { sessionId: session.id, attendeeId: scanned.attendee.id };
  await callBridge(page, 'identity.confirm', { ...who, faceConfirmed: true, secondSignal: 'managerPresent' });
  const started = await callBridge<JourneyView>(page, 'journey.passkey.start', who);
  await createPasskeyOnNewPhone(browser, started.passkey.offer!);
  await expect.poll(async () => (await callBridge<JourneyView>(page, 'journey.get', who)).place, { timeout: 20_000 }).toBe('backupKey');
  const [key] = (await callBridge<{ keys: Array<{ path: string }> }>(page, 'keys.list', {})).keys;
  await callBridge(page, 'journey.key.setPin', { ...who, path: key!.path, pin: PIN });
  await callBridge(page, 'journey.key.register', { ...who, path: key!.path, pin: PIN });
  // Keycloak: the sheet printed and confirmed; Entra has no codes, and the step says so and moves on.
  if ((await callBridge<JourneyView>(page, 'journey.codes.print', { ...who, locale: 'en' })).place === 'recoveryCodes') await callBridge(page, 'journey.codes.confirm', who);
  await callBridge(page, 'journey.envelope.print', { ...who, sealNumber: null, locale: 'en' });
  if (await isLocked(page)) await comeBack(page);
  await callBridge(page, 'custody.move', { code: 'K001000', to: 'collected' });
  await callBridge(page, 'custody.move', { code: 'K001000', to: 'inSafe' });
}

type Kind = 'keycloak' | 'entra';

/** What the fake holds for Hannah: every authenticator's id, and the phone passkeys' (their pages name them "Passkey"). */
function atTheFake(idp: KioskFakeIdp<Kind>): { all(): string[]; passkeys(): string[] } {
  const email = person.email;
  if ('credentials' in idp.fake) {
    const fake = idp.fake;
    const userId = [...fake.users.values()].find((u) => u.email === email)!.id;
    const listed = () => fake.credentials.get(userId) ?? [];
    return { all: () => listed().map((c) => c.id), passkeys: () => listed().filter((c) => c.userLabel === 'Passkey').map((c) => c.id) };
  }
  const fake = idp.fake as KioskFakeIdp<'entra'>['fake'];
  const userId = [...fake.users.values()].find((u) => u.mail === email)!.id;
  const listed = () => fake.methods.get(userId) ?? [];
  return { all: () => listed().map((m) => m.id), passkeys: () => listed().filter((m) => m.displayName === 'Passkey').map((m) => m.id) };
}

test.describe('the helpdesk recovers a person who lost their phone (IdP fakes, CUPS)', () => {
  test.describe.configure({ timeout: 240_000 });
  test.skip(missingCups !== null, missingCups ?? '');
  let cleanups: Array<() => Promise<void> | void> = [];
  test.afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups = [];
  });

  for (const kind of ['keycloak', 'entra'] as const) {
    test(`${kind}: identity check → lost passkey revoked at the IdP → envelope handed out → new passkey from the QR → key re-sealed, the new label read from paper`, async ({ page, browser }) => {
      test.skip(!contractAvailable(kind), contractTestName(kind));
      await ensureCups();
      const sheets = addPdfQueue(`kiosk-e2e-recovery-${kind}-sheet`);
      cleanups.push(() => sheets.remove());
      const labels = addPdfQueue(`kiosk-e2e-recovery-${kind}-label`);
      cleanups.push(() => labels.remove());
      const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-recovery-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const idp: KioskFakeIdp<Kind> = await startFakeIdpForKiosk(kind, { dataDir, people: [person, colleague], printers: { sheet: { queue: sheets.name }, label: { queue: labels.name } } });
      cleanups.push(() => idp.stop());
      const host = await spawnWebHost(dataDir, ['--config', idp.configPath]);
      cleanups.push(() => host.stop());
      const { server } = idp.fake;
      expect(server.contractChecked).toBe(true);
      const { all, passkeys } = atTheFake(idp);
      // Passkey, backup key, and at Keycloak the recovery codes.
      const enrolledCount = kind === 'keycloak' ? 3 : 2;

      await page.goto(host.url);
      await unlockKiosk(page);
      await enrolled(page, browser);
      await expect.poll(() => all().length, { timeout: 20_000, message: `Hannah's authenticators at ${kind}` }).toBe(enrolledCount);
      const [lostPhone] = passkeys();
      expect(textOf(await nthPdf(labels, 1))).toContain('K001000');

      // The helpdesk finds Hannah by her email.
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Helpdesk' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Helpdesk: recover a person' })).toBeVisible();
      await checkScreen(page, `helpdesk-${kind}-search`);
      await page.getByLabel('What to search for').fill(person.email);
      await page.getByRole('button', { name: 'Find the person' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Recovery of Hannah Vogt' })).toBeVisible();

      // Identity: nothing else happens before it.
      await expect(page.getByTestId('recovery-step-identity')).toBeVisible();
      await checkScreen(page, `helpdesk-${kind}-identity`);
      await page.getByLabel(/I have compared the face/).check();
      await page.getByLabel('Government ID').check();
      await page.getByRole('button', { name: 'Identity confirmed' }).click();

      // Her authenticators at Keycloak; the lost phone's passkey ticked and revoked.
      await expect(page.getByTestId('recovery-authenticators')).toBeVisible();
      await expect(page.getByTestId('recovery-authenticators').locator('tbody tr')).toHaveCount(enrolledCount);
      await checkScreen(page, `helpdesk-${kind}-authenticators`);
      await page.getByRole('checkbox', { name: 'Lost: Passkey' }).check();
      await page.getByRole('button', { name: 'Revoke the ticked ones (1)' }).click();
      await expect.poll(() => passkeys(), { timeout: 20_000, message: `the lost passkey deleted at ${kind}` }).toEqual([]);
      expect(server.requests.filter((r) => r.method === 'DELETE').map((r) => `${r.path.split('/').at(-1)} ${r.status}`)).toEqual([`${lostPhone} 204`]);

      // Her envelope from the safe.
      await expect(page.getByTestId('recovery-step-envelope')).toBeVisible();
      await checkScreen(page, `helpdesk-${kind}-envelope`);
      await page.getByRole('button', { name: 'Hand out envelope K001000' }).click();

      // The new phone: the QR read from the screen; the kiosk notices the passkey by itself.
      await expect(page.getByTestId('recovery-step-passkey')).toBeVisible();
      await expect(page.getByTestId('passkey-qr')).toBeVisible({ timeout: 15_000 });
      await checkScreen(page, `helpdesk-${kind}-passkey`);
      const url = await decodeQrFromScreen(page);
      expect(new URL(url).origin).toBe(server.localBaseUrl);
      // Entra's Temporary Access Pass is on the screen, to be typed on the phone.
      const code = kind === 'entra' ? (await page.getByTestId('passkey-code').innerText()).trim() : null;
      await createPasskeyOnNewPhone(browser, { url, code });
      await expect(page.getByTestId('recovery-step-backupKey')).toBeVisible({ timeout: 30_000 });
      expect(passkeys()).toHaveLength(1);
      expect(passkeys()).not.toContain(lostPhone);

      // The key sealed again: the new label from the paper, the envelope back in the safe.
      await checkScreen(page, `helpdesk-${kind}-backup-key`);
      await page.getByRole('button', { name: 'Seal and print the label' }).click();
      await expect(page.getByTestId('recovery-step-done')).toBeVisible({ timeout: 60_000 });
      const label = await nthPdf(labels, 2);
      const text = textOf(label);
      for (const expected of ['K001001', person.givenName, person.familyName]) expect(text).toContain(expected);
      const found = await callBridge<{ kind: string; record: { envelope: { sealNumber: string; state: string } } }>(page, 'custody.find', { code: labelQr(label) });
      expect(found.record.envelope).toMatchObject({ sealNumber: 'K001001', state: 'inSafe' });
      const old = await callBridge<{ record: { envelope: { state: string } } }>(page, 'custody.find', { code: 'K001000' });
      expect(old.record.envelope.state).toBe('returned');

      await expect(page.getByTestId('recovery-new-codes-slot')).toBeAttached();
      await checkScreen(page, `helpdesk-${kind}-done`);
      await page.getByRole('button', { name: 'Complete the recovery' }).click();
      await expect(page.getByRole('heading', { level: 2, name: 'Recovery completed' })).toBeVisible();
      expect(server.violations).toEqual([]);
    });
  }
});
