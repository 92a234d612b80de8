import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { KioskError } from '../../../../shared/contract/errors';
import { message } from '../../../../shared/contract/messages';
import { AuthDataFlag } from '../ctap2/authenticator-data';
import { coseToPublicKey, verifySignature } from '../ctap2/cose-public-key';
import type { Assertion } from '../ctap2/get-assertion';
import { buildClientDataJSON, sha256 } from './client-data';

export interface AssertionCheckResult {
  verified: true;
  signCount: number;
  userPresent: boolean;
  userVerified: boolean;
}

/** Either the COSE key kept from the registration or the SPKI from RegistrationResponseJSON. */
export type CredentialPublicKey = { cose: Map<unknown, unknown> } | { spki: string; alg: number };

export function testClientData(rpId: string): { clientDataJSON: Uint8Array; clientDataHash: Uint8Array } {
  const clientDataJSON = buildClientDataJSON({ type: 'webauthn.get', challenge: randomBytes(32).toString('base64url'), origin: `https://${rpId}` });
  return { clientDataJSON, clientDataHash: sha256(clientDataJSON) };
}

/** Proves the new credential signs: right credential, right RP, touched, verified, valid signature. */
export function checkAssertion(
  assertion: Assertion,
  expected: { rpId: string; credentialId: Uint8Array; clientDataHash: Uint8Array; publicKey: CredentialPublicKey },
): AssertionCheckResult {
  // Which check failed travels in the details, for IT; the person reads that the test sign-in failed.
  const fail = (check: 'otherCredential' | 'rpIdHash' | 'signature') => new KioskError('key_protocol', message('key.testSignInFailed'), { check });
  if (assertion.credentialId && Buffer.compare(Buffer.from(assertion.credentialId), Buffer.from(expected.credentialId)) !== 0) {
    throw fail('otherCredential');
  }
  const authData = assertion.parsedAuthData;
  if (Buffer.compare(Buffer.from(authData.rpIdHash), Buffer.from(sha256(new TextEncoder().encode(expected.rpId)))) !== 0) {
    throw fail('rpIdHash');
  }
  const { keyObject, alg } = publicKeyOf(expected.publicKey);
  const signed = new Uint8Array([...assertion.authData, ...expected.clientDataHash]);
  if (!verifySignature(keyObject, alg, signed, assertion.signature)) throw fail('signature');
  return {
    verified: true,
    signCount: authData.signCount,
    userPresent: (authData.flags & AuthDataFlag.UP) !== 0,
    userVerified: (authData.flags & AuthDataFlag.UV) !== 0,
  };
}

function publicKeyOf(key: CredentialPublicKey): { keyObject: KeyObject; alg: number } {
  if ('cose' in key) return coseToPublicKey(key.cose);
  return { keyObject: createPublicKey({ key: Buffer.from(key.spki, 'base64url'), format: 'der', type: 'spki' }), alg: key.alg };
}
