import { expect, type CDPSession, type Page } from '@playwright/test';
import type { PasskeyLink } from '../../electron/core/idp/idp-connector';

/**
 * The attendee's phone in browser tests: a Chromium page with the CDP virtual authenticator
 * as its platform authenticator. Its passkeys are backup eligible and backed up (BE/BS flags),
 * as in iCloud Keychain or Google Password Manager; Entra lists such a passkey as `synced`,
 * which the connector counts as a passkey rather than a security key.
 */
export async function addPhoneAuthenticator(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
      defaultBackupEligibility: true,
      defaultBackupState: true,
    },
  });
  return cdp;
}

/**
 * Opens the link the connector made and does what the attendee does on a fake IdP's page:
 * signs in where asked (username; the Temporary Access Pass for Entra), creates the passkey
 * and waits for the page to confirm it.
 */
export async function createPasskeyOnPhone(page: Page, link: Pick<PasskeyLink, 'url' | 'code'>, username: string): Promise<void> {
  await page.goto(link.url);
  if ((await page.locator('form[data-sign-in]').count()) > 0) await signInOnPhone(page, username, link.code);
  await page.getByRole('button', { name: 'Create passkey' }).click();
  await expect(page.getByRole('status')).toHaveText('Passkey created. You can close this page.');
}

/** Fills the fake's sign-in form: the username, and the pass where the form asks for one. */
export async function signInOnPhone(page: Page, username: string, code: string | null): Promise<void> {
  await page.getByLabel(/username|work account/i).fill(username);
  if (code !== null) await page.getByLabel('Temporary Access Pass').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
