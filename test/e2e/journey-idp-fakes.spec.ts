import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { credentialFingerprint } from '../../electron/core/journey/credential-fingerprint';
import type { SessionReport } from '../../shared/domain/session';
import { stepIds } from '../../shared/domain/step-table';
import type { AuthentikFake } from '../fakes/authentik-fake';
import { contractAvailable, contractTestName } from '../fakes/contracts/contracts-dir';
import type { KeycloakFake } from '../fakes/keycloak-fake';
import { kioskConnector, startFakeIdpForKiosk, type FakeIdpKind, type KioskFakeIdp, type KioskFakeIdpOptions, type KioskPerson } from '../fakes/kiosk-fake-idp';
import { addPhoneAuthenticator, createPasskeyOnPhone } from '../fakes/phone-passkey';
import { addPdfQueue, cupsMissing, ensureCups, type PdfQueue } from '../integration/helpers/cups-queue';
import { spawnWebHost } from './fixtures/web-host-process';
import { checkIn, decodeQrFromScreen } from './journey-helpers';
import { callBridge, checkScreen } from './screen-checks';
import { comeBack, isLocked, unlockKiosk } from './fixtures/unlock';

/**
 * The attendee journey of journey-printing.spec.ts, steps 1–6, but with the kiosk configured
 * for a real IdP's connector aimed at that IdP's fake on localhost, contract validation on, and
 * printing to real CUPS queues (cups-pdf). The QR is read from the screen, the "phone" creates
 * its passkey on the fake's own enrollment page, the kiosk notices by itself, and the backup
 * key's registration reaches the fake through the kiosk's outbox, where the fake verifies it.
 * Then the recovery codes as each IdP has them (Keycloak: made at the kiosk, only hashes
 * leave it; authentik: issued by its static-token stage; Entra: none, said plainly), the
 * envelope label, and the board's "Enrolled" once the IdP lists both authenticators, as
 * DESIGN.md §1 steps 4–6 ask. Last, the IdP going down mid-session and coming back.
 */

const DEPARTMENT = 'Research & Development';
const PIN = '482915';
const missingCups = cupsMissing();

interface Case {
  /** The attendee; a colleague at the same IdP makes finding the user by badge a real search. */
  attendee: KioskPerson;
  colleague: KioskPerson;
  /** How the QR screen's intro names the IdP (the connector's label). */
  intro: string;
}

const cases: Record<FakeIdpKind, Case> = {
  entra: {
    attendee: { badgeId: '310401', givenName: 'Leila', familyName: 'Nasser', email: 'leila.nasser@example.test' },
    colleague: { badgeId: '310402', givenName: 'Tomás', familyName: 'Ibarra', email: 'tomas.ibarra@example.test' },
    intro: 'sign in to Microsoft Entra ID with your work account and the one-time pass shown below',
  },
  keycloak: {
    attendee: { badgeId: '320501', givenName: 'Hannah', familyName: 'Vogt', email: 'hannah.vogt@example.test' },
    colleague: { badgeId: '320502', givenName: 'Kwame', familyName: 'Mensah', email: 'kwame.mensah@example.test' },
    intro: 'sign in to Keycloak (',
  },
  authentik: {
    attendee: { badgeId: '330601', givenName: 'Yuki', familyName: 'Tanaka', email: 'yuki.tanaka@example.test' },
    colleague: { badgeId: '330602', givenName: 'Priya', familyName: 'Raman', email: 'priya.raman@example.test' },
    intro: 'the link signs you in to authentik once so you can create a passkey',
  },
};

/** The roster CSV the facilitator would import, in the export format of test/fixtures. */
function rosterCsv(people: KioskPerson[]): string {
  const rows = people.map((p) => [p.badgeId, p.givenName, p.familyName, p.email, DEPARTMENT, 'Ingrid Falk', ''].join(','));
  return ['Badge ID,Given name,Family name,Email,Department,Manager,Photo', ...rows].join('\n') + '\n';
}

/** A phone of its own (no cookies shared with the kiosk page), with a synced-passkey authenticator. */
async function createPasskeyOnNewPhone(browser: Browser, link: { url: string; code: string | null }, username: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, locale: 'en-GB' });
  try {
    const phone = await context.newPage();
    await addPhoneAuthenticator(phone);
    await createPasskeyOnPhone(phone, link, username);
  } finally {
    await context.close();
  }
}

const textOf = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
/** Codes as the sheet groups them for reading: "ABCD-EFGH-JKMN" (Keycloak's kiosk-made) or "3f9a-…" (authentik's hex). */
const codesOn = (text: string) => [...text.matchAll(/\b[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}\b/g)].map((m) => m[0]);
/** What a person types, and what the IdP got or issued: the code without the reading dashes. */
const typed = (printed: string) => printed.replaceAll('-', '');

/** Job ids CUPS lists for a queue, printed or not. */
function jobsOn(queue: PdfQueue): string[] {
  const listed = spawnSync('lpstat', ['-W', 'all', '-o', queue.name], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  return listed.stdout.split('\n').map((line) => line.split(' ')[0] ?? '').filter((id) => id.startsWith(`${queue.name}-`));
}

/** The PDF of the one job the kiosk sent to the queue, once cups-pdf has written it in full. */
async function printedPdf(queue: PdfQueue): Promise<string> {
  await expect.poll(() => jobsOn(queue).length, { timeout: 60_000, message: `a job on ${queue.name}` }).toBeGreaterThan(0);
  expect(jobsOn(queue), `jobs on ${queue.name}`).toHaveLength(1);
  return queue.waitForPdf(jobsOn(queue)[0]!);
}

interface Kiosk<K extends FakeIdpKind> {
  idp: KioskFakeIdp<K>;
  sessionId: string;
  sheets: PdfQueue;
  labels: PdfQueue;
  dataDir: string;
}

test.describe('the attendee journey against each IdP fake, contract validation on, printing to real CUPS queues', () => {
  // About 30 s each on a calm machine; the axe passes, the phone's Chromium context and
  // cups-pdf's conversion slow down several-fold when the two shared cores are busy.
  test.describe.configure({ timeout: 240_000 });
  test.skip(missingCups !== null, missingCups ?? '');
  let cleanups: Array<() => Promise<void> | void> = [];

  test.afterEach(async () => {
    // Last started, first stopped: the host still talks to the fake while it shuts down.
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups = [];
  });

  /** The fake seeded with the roster's people, queues of the test's own, the host, and a session at badge check. */
  async function openKiosk<K extends FakeIdpKind>(kind: K, page: Page, outbox?: KioskFakeIdpOptions['outbox']): Promise<Kiosk<K>> {
    const { attendee, colleague } = cases[kind];
    await ensureCups();
    // Queue names of this spec's own, apart from journey-printing's and the status screen's.
    const sheets = addPdfQueue(`kiosk-e2e-idp-${kind}-sheet`);
    cleanups.push(() => sheets.remove());
    const labels = addPdfQueue(`kiosk-e2e-idp-${kind}-label`);
    cleanups.push(() => labels.remove());
    const dataDir = mkdtempSync(join(tmpdir(), `kiosk-journey-${kind}-`));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const printers = { sheet: { queue: sheets.name }, label: { queue: labels.name } };
    const idp = await startFakeIdpForKiosk(kind, { dataDir, people: [attendee, colleague], printers, outbox });
    cleanups.push(() => idp.stop());
    const host = await spawnWebHost(dataDir, ['--config', idp.configPath]);
    cleanups.push(() => host.stop());
    expect(idp.fake.server.contractChecked, 'the fake validates against the published contract').toBe(true);

    await page.goto(host.url);
    await unlockKiosk(page);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const session = await callBridge<{ id: string }>(page, 'session.start', { department: DEPARTMENT, room: 'B-204', plannedMinutes: 30 });
    const imported = await callBridge<{ imported: number; rejected: number }>(page, 'roster.import', { sessionId: session.id, fileBase64: Buffer.from(rosterCsv([attendee, colleague])).toString('base64') });
    expect(imported).toEqual({ imported: 2, rejected: 0 });
    await page.reload();
    await navigateTo(page, 'Badge check');
    return { idp, sessionId: session.id, sheets, labels, dataDir };
  }

  /**
   * Steps 1–3: badge, the phone's passkey through the QR, the backup key with its PIN. Returns
   * the key's fingerprint once the fake verified exactly one registration for the phone and one
   * for the key the screen named, and refused none.
   */
  async function throughTheBackupKey(kind: FakeIdpKind, page: Page, browser: Browser, idp: KioskFakeIdp<FakeIdpKind>): Promise<string> {
    const { attendee, intro } = cases[kind];
    const { fake } = idp;
    await checkIn(page, attendee.badgeId);

    // The QR screen names this IdP; for Entra the Temporary Access Pass is on it, to be typed on the phone.
    await expect(page.getByRole('heading', { level: 1, name: 'Add a passkey on your phone' })).toBeVisible({ timeout: 15_000 });
    await expect(page.locator('.screen__intro')).toContainText(intro);
    const codeOnScreen = page.getByTestId('passkey-code');
    let code: string | null = null;
    if (kind === 'entra') {
      await expect(codeOnScreen).toBeVisible();
      code = (await codeOnScreen.innerText()).trim();
      expect(code).toMatch(/^\S{8,}$/);
      // Large, and on one line: the attendee copies it character by character.
      const { fontPx, lines } = await codeOnScreen.evaluate((el) => {
        const style = getComputedStyle(el);
        return { fontPx: parseFloat(style.fontSize), lines: Math.round(el.getBoundingClientRect().height / parseFloat(style.lineHeight)) };
      });
      expect(fontPx).toBeGreaterThanOrEqual(32);
      expect(lines).toBe(1);
    } else {
      await expect(codeOnScreen).toHaveCount(0);
    }
    await checkScreen(page, `journey-idp-${kind}-qr`);

    const url = await decodeQrFromScreen(page);
    expect(new URL(url).origin).toBe(fake.server.localBaseUrl);
    await createPasskeyOnNewPhone(browser, { url, code }, attendee.email);

    // The kiosk sees the new passkey at the IdP and moves on by itself.
    await expect(page.getByRole('heading', { level: 1, name: 'Choose a PIN for your key' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('passkey-added')).toContainText('Passkey added');
    await page.getByLabel('New PIN').fill(PIN);
    await expect(page.getByTestId('pin-verdict')).toHaveText('Good PIN.');
    await page.getByLabel('Repeat the PIN').fill(PIN);
    await page.getByRole('button', { name: 'Set PIN' }).click();
    await expect(page.getByTestId('key-added')).toBeVisible({ timeout: 20_000 });
    const fingerprint = /fingerprint ([0-9A-F]{4} [0-9A-F]{4})/.exec(await page.getByTestId('key-added').innerText())?.[1];
    if (!fingerprint) throw new Error('no key fingerprint on the screen');

    // The outbox delivers the key's registration in the background.
    await expect.poll(() => fake.registrationsByCredentialId.size, { timeout: 15_000, message: 'registrations the fake verified' }).toBe(2);
    const verified = [...fake.registrationsByCredentialId].map(([id, count]) => ({ fingerprint: credentialFingerprint(id), count }));
    expect(verified).toContainEqual({ fingerprint, count: 1 });
    expect(verified.map((v) => v.count)).toEqual([1, 1]);
    const refused = 'credentialProblems' in fake ? fake.credentialProblems : fake.refusedRegistrations;
    expect(refused, 'registrations the fake refused').toEqual([]);
    return fingerprint;
  }

  /** Step 4 where the IdP takes or issues codes: the sheet is printed, read back from the PDF, and confirmed. */
  async function printTheSheet(kind: FakeIdpKind, page: Page, sheets: PdfQueue): Promise<string[]> {
    const { attendee } = cases[kind];
    await expect(page.getByRole('heading', { level: 1, name: 'Your recovery codes' })).toBeVisible();
    await page.getByRole('button', { name: 'Print my sheet' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Take your sheet from the printer' })).toBeVisible({ timeout: 60_000 });
    const sheet = textOf(await printedPdf(sheets));
    expect(sheet).toContain(`${attendee.givenName} ${attendee.familyName}`);
    const codes = codesOn(sheet);
    expect(codes.length, 'codes on the sheet').toBeGreaterThanOrEqual(6);
    expect(new Set(codes).size, 'each code once').toBe(codes.length);
    // Paper only: not one of them on the screen.
    const screen = await page.locator('main').innerText();
    expect(codes.filter((c) => screen.includes(c) || screen.includes(typed(c)))).toEqual([]);
    await expect(page.locator('main')).toContainText(`Your sheet has ${codes.length} codes.`);
    await page.getByRole('button', { name: 'I have my sheet' }).click();
    return codes;
  }

  /** Step 5: the label for the envelope from the kiosk's seal sequence, read back from the PDF; then the done screen. */
  async function sealTheEnvelope(kind: FakeIdpKind, page: Page, labels: PdfQueue, fingerprint: string): Promise<void> {
    const { attendee } = cases[kind];
    await expect(page.getByRole('heading', { level: 1, name: 'Seal your backup key' })).toBeVisible();
    await page.getByRole('button', { name: 'Print the label' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Well done, ${attendee.givenName}` })).toBeVisible({ timeout: 60_000 });
    await expect(page.locator('main')).toContainText('sealed in envelope K001000');
    const label = textOf(await printedPdf(labels)).replace(/\s+/g, ' ');
    for (const expected of ['K001000', attendee.givenName, attendee.familyName, fingerprint]) expect(label).toContain(expected);
  }

  /** The attendee's row on the session board. */
  async function boardRow(page: Page, kind: FakeIdpKind) {
    await navigateTo(page, 'Session board');
    return page.getByTestId('board-grid').locator(`tr[data-badge="${cases[kind].attendee.badgeId}"]`);
  }

  /** Only hashes reached Keycloak, and the printed codes hash to exactly what it stored. */
  function expectOnlyHashesAtKeycloak(fake: KeycloakFake, badgeId: string, codes: string[]): void {
    const userId = [...fake.users.values()].find((u) => u.attributes.badge_id?.includes(badgeId))?.id ?? '';
    const stored = fake.credentials.get(userId)?.filter((c) => c.type === 'recovery-authn-codes') ?? [];
    expect(stored, 'recovery-code credentials at Keycloak').toHaveLength(1);
    const { codes: entries } = JSON.parse(stored[0]?.secretData ?? '{}') as { codes: Array<{ number: number; encodedHashedValue: string }> };
    const sha512 = (code: string) => createHash('sha512').update(typed(code), 'utf8').digest('base64');
    expect(entries.map((e) => e.encodedHashedValue).sort()).toEqual(codes.map(sha512).sort());
    expect(entries.map((e) => e.number).sort((a, b) => a - b)).toEqual(codes.map((_, i) => i + 1));
    // The sign-in check Keycloak makes with what a person types, and a near miss it refuses.
    expect(codes.filter((c) => !fake.acceptsRecoveryCode(userId, typed(c)))).toEqual([]);
    expect(fake.acceptsRecoveryCode(userId, typed(codes[0]!).slice(1))).toBe(false);
    // The fake refused no import (its check: hashes and counts only), and no code, with or
    // without dashes, in any case, is in anything the kiosk sent it.
    expect(fake.credentialProblems, 'imports Keycloak would reject').toEqual([]);
    const received = fake.receivedBodies.join('\n').toUpperCase();
    expect(received).toContain(entries[0]!.encodedHashedValue.toUpperCase());
    expect(codes.filter((c) => received.includes(c.toUpperCase()) || received.includes(typed(c).toUpperCase()))).toEqual([]);
  }

  for (const kind of ['entra', 'keycloak', 'authentik'] as const) {
    const { attendee } = cases[kind];

    test(`${kind}: QR → passkey on the fake's page → backup key through the outbox → recovery codes as ${kind} has them → envelope label → the board says Enrolled`, async ({ page, browser }) => {
      test.skip(!contractAvailable(kind), contractTestName(kind));
      const { idp, sessionId, sheets, labels, dataDir } = await openKiosk(kind, page);
      const fingerprint = await throughTheBackupKey(kind, page, browser, idp);
      const { fake } = idp;

      // What the kiosk's connector lists for the attendee now: the phone's passkey and the backup
      // security key. authentik's key flow has moved on to its static-token stage, whose device
      // waits unconfirmed for the sheet: not recovery codes anyone could use yet.
      const connector = kioskConnector(idp.configPath, dataDir);
      const user = await connector.findUser({ badgeId: attendee.badgeId });
      if (!user) throw new Error(`the fake has no user with badge ${attendee.badgeId}`);
      expect(user.email).toBe(attendee.email);
      const listed = async () => (await connector.listAuthenticators(user)).map((a) => a.type).sort();
      expect(await listed()).toEqual(['passkey', 'securityKey']);
      if (kind === 'authentik') expect((fake as AuthentikFake).devices.filter((d) => d.kind === 'static').map((d) => d.confirmed)).toEqual([false]);

      let codes: string[] = [];
      if (kind === 'entra') {
        // Said plainly, with what to rely on instead; nothing goes to the sheet printer.
        await expect(page.getByRole('heading', { level: 1, name: 'Microsoft Entra ID has no recovery codes' })).toBeVisible();
        await expect(page.locator('.screen__intro')).toContainText('Your backup key is your way back in');
        await checkScreen(page, 'journey-idp-entra-no-codes');
        await page.getByRole('button', { name: 'Understood, continue' }).click();
      } else {
        codes = await printTheSheet(kind, page, sheets);
      }
      await sealTheEnvelope(kind, page, labels, fingerprint);
      if (kind === 'entra') await expect(page.locator('main')).toContainText('No recovery-code sheet was printed for you.');

      // The board: Enrolled once the outbox delivered and the IdP lists both authenticators.
      const row = await boardRow(page, kind);
      await expect(row.locator('td[data-enrollment="enrolled"]')).toBeVisible({ timeout: 30_000 });
      await expect(row.locator('td[data-enrollment="enrolled"]')).toContainText('The IdP lists 2 passkeys or keys');
      const codesCell = row.locator('td[data-status]').nth(stepIds.indexOf('recoveryCodes'));

      if (kind === 'entra') {
        expect(jobsOn(sheets), 'sheets printed').toEqual([]);
        // The step stays open with its reason on the board, in the report and in its CSV.
        // Stored as the core's own code, shown and exported in words.
        const reason = 'Not offered by the IdP';
        await expect(codesCell).toHaveAttribute('data-status', 'skipped');
        await expect(codesCell).toContainText(reason);
        await checkScreen(page, 'journey-idp-entra-board');
        const report = await callBridge<SessionReport>(page, 'session.report', { sessionId });
        expect(report.outcomes).toEqual({ enrolled: 1, waitingForIdp: 0, incomplete: 1 });
        expect(report.incomplete.find((e) => e.attendee.badgeId === attendee.badgeId)?.open).toEqual([{ step: 'recoveryCodes', status: 'skipped', reason: { code: 'notOfferedByIdp', note: null } }]);
        const { csv } = await callBridge<{ csv: string }>(page, 'session.exportCsv', { sessionId, locale: 'en' });
        const line = csv.split(/\r?\n/).find((l) => l.startsWith(`${attendee.badgeId},`)) ?? '';
        expect(line).toContain(`,Skipped,${reason},`);
        expect(line).toMatch(/,no,Enrolled,2$/);
      } else {
        await expect(codesCell).toHaveAttribute('data-status', 'done');
      }
      if (kind === 'keycloak') expectOnlyHashesAtKeycloak(fake as KeycloakFake, attendee.badgeId, codes);
      if (kind === 'authentik') {
        // The codes on paper are exactly the tokens of the one static device authentik's
        // stage made for the attendee, and the kiosk's answer to the stage confirmed it.
        const authentik = fake as AuthentikFake;
        const userPk = [...authentik.users.values()].find((u) => u.attributes.badge_id === attendee.badgeId)?.pk;
        const devices = authentik.devices.filter((d) => d.userPk === userPk && d.kind === 'static');
        expect(devices.map((d) => ({ confirmed: d.confirmed, tokens: [...d.tokens].sort() }))).toEqual([{ confirmed: true, tokens: codes.map(typed).sort() }]);
      }

      // And now the recovery codes too, where the IdP keeps them.
      expect(await listed()).toEqual(kind === 'entra' ? ['passkey', 'securityKey'] : ['passkey', 'recoveryCodes', 'securityKey']);

      expect(fake.server.violations, 'contract violations').toEqual([]);
    });
  }

  test('keycloak down mid-session: the kiosk finishes the journey, the board says "waiting for the IdP", and flips to Enrolled by itself once Keycloak answers again', async ({ page, browser }) => {
    test.skip(!contractAvailable('keycloak'), contractTestName('keycloak'));
    // With the outbox's defaults (first retry within 2 s, doubling up to 5 min) the retry after
    // Keycloak is back could be minutes away after a minute of failures; 200 ms doubling up to
    // 1 s keeps it within a second, and a 5 s send timeout keeps a hung call from holding it.
    const { idp, labels, sheets } = await openKiosk('keycloak', page, { backoffBaseMs: 200, backoffCapMs: 1_000, sendTimeoutMs: 5_000 });
    const { fake } = idp;
    const { attendee } = cases.keycloak;
    const fingerprint = await throughTheBackupKey('keycloak', page, browser, idp);

    // Keycloak goes down behind a proxy that answers 503 without Retry-After (so the outbox keeps
    // its own backoff). Bounded, but far more than ~1 retry a second for the rest of the test.
    fake.server.inject({ kind: 'status', status: 503 }, 10_000);
    const refusedBefore = fake.server.requests.filter((r) => r.status === 503).length;
    const codes = await printTheSheet('keycloak', page, sheets);
    await sealTheEnvelope('keycloak', page, labels, fingerprint);

    const row = await boardRow(page, 'keycloak');
    const outcome = row.locator('td[data-enrollment]');
    await expect(outcome).toHaveAttribute('data-enrollment', 'waitingForIdp', { timeout: 30_000 });
    await expect(outcome).toContainText('Enrolled here, waiting for the IdP');
    // The outbox kept trying, and nothing of the codes reached Keycloak yet.
    await expect.poll(() => fake.server.requests.filter((r) => r.status === 503).length - refusedBefore, { message: 'outbox attempts Keycloak refused' }).toBeGreaterThan(1);
    expect([...fake.credentials.values()].flat().filter((c) => c.type === 'recovery-authn-codes')).toEqual([]);
    await checkScreen(page, 'journey-idp-keycloak-board-waiting');

    // Keycloak answers again: the board flips by itself, on the same page (no reload: the marker stays).
    await page.evaluate(() => Object.assign(window, { boardNotReloaded: true }));
    expect(fake.server.clearFaults(), 'faults left over: the outage lasted to the end').toBeGreaterThan(0);
    await expect(outcome).toHaveAttribute('data-enrollment', 'enrolled', { timeout: 30_000 });
    await expect(outcome).toContainText('The IdP lists 2 passkeys or keys');
    expect(await page.evaluate(() => (window as unknown as { boardNotReloaded?: boolean }).boardNotReloaded)).toBe(true);
    await checkScreen(page, 'journey-idp-keycloak-board-enrolled');

    expectOnlyHashesAtKeycloak(fake, attendee.badgeId, codes);
    expect(fake.server.violations, 'contract violations').toEqual([]);
  });
});

/** The facilitator's navigation: after an attendee's journey the facilitator comes back with their key first. */
async function navigateTo(page: Page, screen: 'Badge check' | 'Session board'): Promise<void> {
  if (await isLocked(page)) await comeBack(page);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: screen }).click();
}
