import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { IdpConnector, IdpUser, PasskeyLink } from '../../electron/core/idp/idp-connector';
import { kioskConnector, startFakeIdpForKiosk, type FakeIdpKind, type KioskFakeIdp, type KioskPerson } from '../fakes/kiosk-fake-idp';
import { addPhoneAuthenticator, createPasskeyOnPhone, signInOnPhone } from '../fakes/phone-passkey';

/**
 * The platform-passkey link of each real-IdP connector, opened in Chromium as the attendee's
 * phone (CDP virtual authenticator), reaches the fake IdP's own enrollment page, where a real
 * WebAuthn registration is verified with @simplewebauthn/server; the connector then lists the
 * new passkey. The fakes and the kiosk config come from the kiosk's e2e helper, so this also
 * proves the config and secret it writes.
 */

const amira: KioskPerson = { badgeId: '40021', givenName: 'Amira', familyName: 'Haddad', email: 'amira.haddad@example.test' };
const ben: KioskPerson = { badgeId: '40022', givenName: 'Ben', familyName: 'Okafor', email: 'ben.okafor@example.test' };

/** What the phone sees when it opens a link that was used already, per IdP. */
const usedLink: Record<FakeIdpKind, { title: string; check(page: Page, link: PasskeyLink, person: KioskPerson): Promise<void> }> = {
  keycloak: {
    title: 'signing in again after the passkey was created says there is no passkey to create',
    async check(page, link, person) {
      await page.goto(link.url);
      await signInOnPhone(page, person.email, link.code);
      await expect(page.getByRole('alert')).toContainText('has no passkey set-up waiting');
    },
  },
  authentik: {
    title: 'opening the recovery link a second time says it no longer works',
    async check(page, link) {
      await page.goto(link.url);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link no longer works');
      await expect(page.getByRole('alert')).toContainText('used already or it has expired');
    },
  },
  entra: {
    title: 'signing in again with the one-time Temporary Access Pass is refused',
    async check(page, link, person) {
      await page.goto(link.url);
      await signInOnPhone(page, person.email, link.code);
      await expect(page.getByRole('alert')).toContainText('That Temporary Access Pass does not work for this account');
    },
  },
};

for (const kind of ['keycloak', 'authentik', 'entra'] as const) {
  test.describe(`${kind} fake: the phone passkey page`, () => {
    let dataDir: string;
    let idp: KioskFakeIdp<typeof kind>;
    let connector: IdpConnector;

    test.beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), `kiosk-fake-${kind}-`));
      idp = await startFakeIdpForKiosk(kind, { dataDir, people: [amira, ben] });
      connector = kioskConnector(idp.configPath, dataDir);
    });

    test.afterAll(async () => {
      await idp?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test.afterEach(() => {
      expect(idp.fake.server.violations, 'contract violations').toEqual([]);
    });

    test('the connector\'s link opens the fake\'s page on localhost, the phone creates a passkey there, and the connector lists it', async ({ page }) => {
      await addPhoneAuthenticator(page);
      const user = await personAtIdp(connector, amira);
      const link = await connector.platformPasskeyLink(user);
      expect(new URL(link.url).hostname).toBe('localhost');
      const before = await connector.listAuthenticators(user);

      await page.goto(link.url);
      // Only the link names the person on authentik's page; the others ask them to sign in first.
      if (kind !== 'authentik') await signInOnPhone(page, amira.email, link.code);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create a passkey for Amira Haddad');
      await page.getByRole('button', { name: 'Create passkey' }).click();
      await expect(page.getByRole('status')).toHaveText('Passkey created. You can close this page.');

      const added = (await connector.listAuthenticators(user)).filter((a) => !before.some((b) => b.id === a.id));
      expect(added).toEqual([expect.objectContaining({ type: 'passkey' })]);
    });

    test(`a used link: ${usedLink[kind].title}`, async ({ browser }) => {
      const user = await personAtIdp(connector, ben);
      const link = await connector.platformPasskeyLink(user);
      await withPhone(browser, (phone) => createPasskeyOnPhone(phone, link, ben.email));
      const count = (await connector.listAuthenticators(user)).length;
      // A second phone (no cookies of the first) opens the same link.
      await withPhone(browser, (phone) => usedLink[kind].check(phone, link, ben));
      expect(await connector.listAuthenticators(user)).toHaveLength(count);
    });
  });
}

test.describe('entra fake: a wrong Temporary Access Pass', () => {
  let dataDir: string;
  let idp: KioskFakeIdp<'entra'>;

  test.beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-fake-entra-'));
    idp = await startFakeIdpForKiosk('entra', { dataDir, people: [amira] });
  });

  test.afterAll(async () => {
    await idp?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('is refused with a clear message, and the page stays at sign-in', async ({ page }) => {
    const connector = kioskConnector(idp.configPath, dataDir);
    const link = await connector.platformPasskeyLink(await personAtIdp(connector, amira));
    await page.goto(link.url);
    await signInOnPhone(page, amira.email, 'TAP-wrongwrong');
    await expect(page.getByRole('alert')).toHaveText('That Temporary Access Pass does not work for this account: it may be mistyped, used already or expired. Ask at the kiosk for a new one.');
    await expect(page.getByRole('button', { name: 'Create passkey' })).toHaveCount(0);
    expect(idp.fake.server.violations).toEqual([]);
  });
});

async function personAtIdp(connector: IdpConnector, person: KioskPerson): Promise<IdpUser> {
  const user = await connector.findUser({ badgeId: person.badgeId });
  if (!user) throw new Error(`no user with badge ${person.badgeId} at the fake`);
  return user;
}

/** A fresh browser context as a phone: its own cookies and its own virtual authenticator. */
async function withPhone(browser: Browser, use: (phone: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext();
  try {
    const phone = await context.newPage();
    await addPhoneAuthenticator(phone);
    await use(phone);
  } finally {
    await context.close();
  }
}
