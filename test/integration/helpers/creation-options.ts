import { randomBytes } from 'node:crypto';
import type { RegistrationOptionsJSON } from '../../../electron/core/fido/keys/registration-plan';

/**
 * An IdP's creation options for Ada at example.com, as an IdP sends them: a fresh user handle and
 * challenge each time, ES256, a discoverable credential with user verification; each test
 * overrides what it is about.
 */
export function creationOptions(overrides: Partial<RegistrationOptionsJSON> = {}): RegistrationOptionsJSON {
  return {
    rp: { id: 'example.com', name: 'Example Corp' },
    user: { id: randomBytes(16).toString('base64url'), name: 'ada@example.com', displayName: 'Ada Lovelace' },
    challenge: randomBytes(32).toString('base64url'),
    pubKeyCredParams: [{ alg: -7, type: 'public-key' }],
    timeout: 60_000,
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    ...overrides,
  };
}
