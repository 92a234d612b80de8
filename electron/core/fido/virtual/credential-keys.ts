import { createCipheriv, createDecipheriv, createPrivateKey, createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

/**
 * ES256 credential keys and the credential ids that carry them. Like most real keys, a
 * credential id is the private key wrapped (AES-256-GCM) under the device's master secret
 * with the RP ID hash as associated data: a non-discoverable credential needs no storage, and
 * an id presented for another RP, or after a reset, simply does not open.
 */
export interface Es256KeyPair {
  privateKey: Uint8Array;
  x: Uint8Array;
  y: Uint8Array;
}

export interface UnwrappedCredential {
  privateKey: Uint8Array;
  credProtect: 1 | 2 | 3;
}

const ID_VERSION = 1;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
export const CREDENTIAL_ID_LENGTH = 1 + IV_LENGTH + 33 + TAG_LENGTH;

export function generateEs256KeyPair(): Es256KeyPair {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  const part = (value: string | undefined): Uint8Array => new Uint8Array(Buffer.from(value ?? '', 'base64url'));
  return { privateKey: part(jwk.d), x: part(jwk.x), y: part(jwk.y) };
}

export function wrapCredentialId(masterKey: Uint8Array, rpIdHash: Uint8Array, key: UnwrappedCredential): Uint8Array {
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  cipher.setAAD(rpIdHash);
  const body = Buffer.concat([cipher.update(Buffer.from([...key.privateKey, key.credProtect])), cipher.final()]);
  return new Uint8Array(Buffer.concat([Buffer.from([ID_VERSION]), iv, body, cipher.getAuthTag()]));
}

/** Returns null when the id was not made by this device for this RP. */
export function unwrapCredentialId(masterKey: Uint8Array, rpIdHash: Uint8Array, id: Uint8Array): UnwrappedCredential | null {
  if (id.length !== CREDENTIAL_ID_LENGTH || id[0] !== ID_VERSION) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', masterKey, id.subarray(1, 1 + IV_LENGTH));
    decipher.setAAD(rpIdHash);
    decipher.setAuthTag(id.subarray(id.length - TAG_LENGTH));
    const plain = Buffer.concat([decipher.update(id.subarray(1 + IV_LENGTH, id.length - TAG_LENGTH)), decipher.final()]);
    const level = plain[32];
    if (level !== 1 && level !== 2 && level !== 3) return null;
    return { privateKey: new Uint8Array(plain.subarray(0, 32)), credProtect: level };
  } catch {
    return null;
  }
}

function privateKeyObject(privateKey: Uint8Array): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([
      // SEC1 ECPrivateKey for P-256 without the optional public key: the minimal DER around d.
      Buffer.from('30310201010420', 'hex'),
      Buffer.from(privateKey),
      Buffer.from('a00a06082a8648ce3d030107', 'hex'),
    ]),
    format: 'der',
    type: 'sec1',
  });
}

/** ECDSA P-256 over SHA-256, DER-encoded as WebAuthn and CTAP expect. */
export function signEs256(privateKey: Uint8Array, message: Uint8Array): Uint8Array {
  return new Uint8Array(createSign('sha256').update(message).sign(privateKeyObject(privateKey)));
}

/** The public half of a private scalar (credential management reports it). */
export function publicKeyOf(privateKey: Uint8Array): { x: Uint8Array; y: Uint8Array } {
  const jwk = privateKeyObject(privateKey).export({ format: 'jwk' });
  return {
    x: new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url')),
    y: new Uint8Array(Buffer.from(jwk.y ?? '', 'base64url')),
  };
}

export function coseEs256PublicKey(x: Uint8Array, y: Uint8Array): Map<number, number | Uint8Array> {
  return new Map<number, number | Uint8Array>([
    [1, 2],
    [3, -7],
    [-1, 1],
    [-2, x],
    [-3, y],
  ]);
}
