import {
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { randomBytes } from 'node:crypto';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { RegistrationOptionsJSON } from '../fido/keys/registration-plan';

/**
 * The kiosk is the relying party of its facilitators' keys. Both ceremonies are checked by
 * @simplewebauthn/server, as any WebAuthn relying party would check them: our own CTAP client
 * made the bytes, an independent verifier accepts them.
 */
export interface KioskRp {
  rpId: string;
  origin: string;
}

export function kioskRp(rpId: string): KioskRp {
  return { rpId, origin: `https://${rpId}` };
}

/**
 * Made with user verification (the PIN) and credProtect level 2
 * (userVerificationOptionalWithCredentialIDList): the key then signs for the kiosk with a touch
 * alone only when asked for this very credential, which the touch unlock does; level 3 would
 * refuse a touch without the PIN, and level 1 would show the credential to anyone who asks.
 */
export async function facilitatorRegistrationOptions(rp: KioskRp, person: { id: string; name: string }, excludeCredentialIds: string[]): Promise<RegistrationOptionsJSON> {
  const options = await generateRegistrationOptions({
    rpName: 'Enrollment Kiosk',
    rpID: rp.rpId,
    userName: person.name,
    userDisplayName: person.name,
    userID: new TextEncoder().encode(person.id),
    attestationType: 'none',
    excludeCredentials: excludeCredentialIds.map((id) => ({ id })),
    authenticatorSelection: { residentKey: 'discouraged', userVerification: 'required', authenticatorAttachment: 'cross-platform' },
    timeout: 60_000,
  });
  return { ...options, extensions: { ...options.extensions, credentialProtectionPolicy: 'userVerificationOptionalWithCredentialIDList' } };
}

export interface VerifiedFacilitatorKey {
  credentialId: string;
  /** COSE, base64url. */
  publicKey: string;
  signCount: number;
  aaguid: string;
}

export async function verifyFacilitatorRegistration(rp: KioskRp, challenge: string, response: RegistrationResponseJSON): Promise<VerifiedFacilitatorKey> {
  const refused = (why: string) => new KioskError('key_protocol', message('access.registrationRefused', { problem: why }));
  let result;
  try {
    result = await verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.rpId, requireUserVerification: true });
  } catch (error) {
    throw refused((error as Error).message);
  }
  if (!result.verified) throw refused('not verified');
  const { credential, aaguid } = result.registrationInfo;
  return { credentialId: credential.id, publicKey: Buffer.from(credential.publicKey).toString('base64url'), signCount: credential.counter, aaguid };
}

export function newChallenge(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Returns the new signature counter; throws `forbidden` when the sign-in does not check out.
 * `userVerification: false` only for a touch unlock inside its window: the key's presence flag
 * is still required, its user-verified flag is not.
 */
export async function verifyFacilitatorSignIn(
  rp: KioskRp,
  challenge: string,
  response: AuthenticationResponseJSON,
  stored: { credentialId: string; publicKey: string; signCount: number },
  userVerification: boolean,
): Promise<number> {
  const refused = (why: string) => new KioskError('forbidden', message('access.signInRefused', { problem: why }));
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      requireUserVerification: userVerification,
      credential: { id: stored.credentialId, publicKey: new Uint8Array(Buffer.from(stored.publicKey, 'base64url')), counter: stored.signCount },
    });
  } catch (error) {
    throw refused((error as Error).message);
  }
  if (!result.verified) throw refused('not verified');
  return result.authenticationInfo.newCounter;
}
