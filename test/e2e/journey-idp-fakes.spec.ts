import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import { credentialFingerprint } from '../../electron/core/journey/credential-fingerprint';
import { contractAvailable, contractTestName } from '../fakes/contracts/contracts-dir';
import { kioskConnector, startFakeIdpForKiosk, type FakeIdpKind, type KioskPerson } from '../fakes/kiosk-fake-idp';
import { addPhoneAuthenticator, createPasskeyOnPhone } from '../fakes/phone-passkey';
import { spawnWebHost } from './fixtures/web-host-process';
import { checkIn, decodeQrFromScreen } from './journey-helpers';
import { callBridge, checkScreen } from './screen-checks';

/**
 * The attendee journey of journey-training.spec.ts, but with the kiosk configured for a real
 * IdP's connector aimed at that IdP's fake on localhost, contract validation on. The QR is read
 * from the screen, the "phone" creates its passkey on the fake's own enrollment page, the kiosk
 * notices by itself, and the backup key's registration reaches the fake through the kiosk's
 * outbox, where the fake verifies it. In the end the IdP holds both, as DESIGN.md §1 step 6 asks.
 */

const DEPARTMENT = 'Research & Development';
const PIN = '482915';

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

test.describe('the attendee journey against each IdP fake, contract validation on', () => {
  // About 30 s each on a calm machine; the axe pass and the phone's Chromium context slow down
  // several-fold when the two shared cores are busy, as for the other journey specs.
  test.describe.configure({ timeout: 120_000 });
  let cleanups: Array<() => Promise<void> | void> = [];

  test.afterEach(async () => {
    // Last started, first stopped: the host still talks to the fake while it shuts down.
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups = [];
  });

  for (const kind of ['entra', 'keycloak', 'authentik'] as const) {
    const { attendee, colleague, intro } = cases[kind];

    test(`${kind}: QR from the screen → passkey on the fake's page → backup key through the outbox; the fake holds and verified both`, async ({ page, browser }) => {
      test.skip(!contractAvailable(kind), contractTestName(kind));

      const dataDir = mkdtempSync(join(tmpdir(), `kiosk-journey-${kind}-`));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const idp = await startFakeIdpForKiosk(kind, { dataDir, people: [attendee, colleague] });
      cleanups.push(() => idp.stop());
      const host = await spawnWebHost(dataDir, ['--config', idp.configPath]);
      cleanups.push(() => host.stop());
      const { fake } = idp;
      expect(fake.server.contractChecked, 'the fake validates against the published contract').toBe(true);

      await page.goto(host.url);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const session = await callBridge<{ id: string }>(page, 'session.start', { department: DEPARTMENT, facilitator: 'Frieda Facilitator', room: 'B-204', plannedMinutes: 30 });
      const imported = await callBridge<{ imported: number; rejected: number }>(page, 'roster.import', { sessionId: session.id, csv: rosterCsv([attendee, colleague]) });
      expect(imported).toEqual({ imported: 2, rejected: 0 });
      await page.reload();
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Badge check' }).click();
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
      expect(fingerprint, 'the key fingerprint on the screen').toBeTruthy();

      // The outbox delivers the key's registration in the background: the fake verified exactly
      // one registration for the phone and one for the key the screen named, and refused none.
      await expect.poll(() => fake.registrationsByCredentialId.size, { timeout: 15_000, message: 'registrations the fake verified' }).toBe(2);
      const verified = [...fake.registrationsByCredentialId].map(([id, count]) => ({ fingerprint: credentialFingerprint(id), count }));
      expect(verified).toContainEqual({ fingerprint, count: 1 });
      expect(verified.map((v) => v.count)).toEqual([1, 1]);
      const refused = 'credentialProblems' in fake ? fake.credentialProblems : fake.refusedRegistrations;
      expect(refused, 'registrations the fake refused').toEqual([]);

      // What the kiosk's connector lists for the attendee now: the phone's passkey and the backup
      // security key. authentik's key flow has also shown its static-token stage by now, whose
      // unconfirmed device waits for the recovery-codes step, so only WebAuthn devices count here.
      const connector = kioskConnector(idp.configPath, dataDir);
      const user = await connector.findUser({ badgeId: attendee.badgeId });
      if (!user) throw new Error(`the fake has no user with badge ${attendee.badgeId}`);
      expect(user.email).toBe(attendee.email);
      const webauthn = (await connector.listAuthenticators(user)).filter((a) => a.type === 'passkey' || a.type === 'securityKey');
      expect(webauthn.map((a) => a.type).sort()).toEqual(['passkey', 'securityKey']);

      expect(fake.server.violations, 'contract violations').toEqual([]);
    });
  }
});
