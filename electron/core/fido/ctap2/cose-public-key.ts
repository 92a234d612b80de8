import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { malformed } from './ctap2-error';

/** COSE algorithm identifiers we can verify (ES256 is what FIDO keys use; EdDSA on some). */
export const CoseAlgorithm = { ES256: -7, EdDSA: -8, RS256: -257 } as const;

const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

function field(key: Map<unknown, unknown>, label: number): Uint8Array {
  const value = key.get(label);
  if (!(value instanceof Uint8Array)) throw malformed('credential public key', `COSE member ${label} is missing.`);
  return value;
}

/** A COSE_Key (EC2 P-256, OKP Ed25519 or RSA) as a node:crypto public key, plus its algorithm. */
export function coseToPublicKey(key: Map<unknown, unknown>): { alg: number; keyObject: KeyObject } {
  const kty = key.get(1);
  const alg = key.get(3);
  if (typeof alg !== 'number') throw malformed('credential public key', 'the COSE key has no algorithm.');
  let jwk: Record<string, string>;
  if (kty === 2 && key.get(-1) === 1) jwk = { kty: 'EC', crv: 'P-256', x: b64u(field(key, -2)), y: b64u(field(key, -3)) };
  else if (kty === 1 && key.get(-1) === 6) jwk = { kty: 'OKP', crv: 'Ed25519', x: b64u(field(key, -2)) };
  else if (kty === 3) jwk = { kty: 'RSA', n: b64u(field(key, -1)), e: b64u(field(key, -2)) };
  else throw malformed('credential public key', `key type ${String(kty)} is not supported.`);
  try {
    return { alg, keyObject: createPublicKey({ key: jwk, format: 'jwk' }) };
  } catch {
    throw malformed('credential public key', 'the COSE key is not a valid public key.');
  }
}

/** Verifies an assertion signature over authenticatorData || clientDataHash. */
export function verifyCoseSignature(key: Map<unknown, unknown>, signed: Uint8Array, signature: Uint8Array): boolean {
  const { alg, keyObject } = coseToPublicKey(key);
  return verifySignature(keyObject, alg, signed, signature);
}

export function verifySignature(keyObject: KeyObject, alg: number, signed: Uint8Array, signature: Uint8Array): boolean {
  if (alg === CoseAlgorithm.EdDSA) return verify(null, signed, keyObject, signature);
  if (alg === CoseAlgorithm.ES256 || alg === CoseAlgorithm.RS256) return verify('sha256', signed, keyObject, signature);
  throw malformed('credential public key', `algorithm ${alg} is not supported.`);
}
