import { createCipheriv, createDecipheriv, createECDH, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * PIN/UV auth protocols 1 and 2 (CTAP 2.1 section 6.5.6/6.5.7), node:crypto only. The same
 * primitives serve the platform (our client) and the virtual authenticator.
 */
export type PinProtocolVersion = 1 | 2;

/** A COSE_Key for ECDH-ES+HKDF-256 on P-256, as getKeyAgreement carries it. */
export interface CoseEcdhKey {
  x: Uint8Array;
  y: Uint8Array;
}

export const COSE_KEY_AGREEMENT_ALG = -25;

export function coseEcdhKeyToMap(key: CoseEcdhKey): Map<number, number | Uint8Array> {
  return new Map<number, number | Uint8Array>([
    [1, 2],
    [3, COSE_KEY_AGREEMENT_ALG],
    [-1, 1],
    [-2, key.x],
    [-3, key.y],
  ]);
}

export function coseEcdhKeyFromMap(map: unknown): CoseEcdhKey {
  if (!(map instanceof Map)) throw new Error('key agreement is not a COSE map');
  const x = map.get(-2);
  const y = map.get(-3);
  if (map.get(1) !== 2 || map.get(-1) !== 1 || !(x instanceof Uint8Array) || !(y instanceof Uint8Array) || x.length !== 32 || y.length !== 32) {
    throw new Error('key agreement is not an EC2 P-256 COSE key');
  }
  return { x, y };
}

/** A P-256 key pair for one key agreement. */
export interface EcdhKeyPair {
  publicKey: CoseEcdhKey;
  /** ECDH with the peer's key: the raw x coordinate of the shared point (Z). */
  agree(peer: CoseEcdhKey): Uint8Array;
}

export function generateEcdhKeyPair(): EcdhKeyPair {
  const ecdh = createECDH('prime256v1');
  const pub = ecdh.generateKeys();
  return {
    publicKey: { x: new Uint8Array(pub.subarray(1, 33)), y: new Uint8Array(pub.subarray(33, 65)) },
    agree(peer) {
      const point = Buffer.concat([Buffer.from([0x04]), peer.x, peer.y]);
      return new Uint8Array(ecdh.computeSecret(point));
    },
  };
}

export interface PinProtocol {
  version: PinProtocolVersion;
  /** Shared secret from Z: 32 bytes (v1) or HMAC key || AES key, 64 bytes (v2). */
  kdf(z: Uint8Array): Uint8Array;
  encrypt(sharedSecret: Uint8Array, plaintext: Uint8Array): Uint8Array;
  decrypt(sharedSecret: Uint8Array, ciphertext: Uint8Array): Uint8Array;
  /** Key may be the shared secret or a pinUvAuthToken. */
  authenticate(key: Uint8Array, message: Uint8Array): Uint8Array;
  verify(key: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

const ZERO_IV = Buffer.alloc(16);

function aesCbc(mode: 'enc' | 'dec', key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length % 16 !== 0) throw new Error('AES-CBC input is not a whole number of blocks');
  const cipher = mode === 'enc' ? createCipheriv('aes-256-cbc', key, iv) : createDecipheriv('aes-256-cbc', key, iv);
  cipher.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
}

function hmac(key: Uint8Array, message: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac('sha256', key).update(message).digest());
}

function timingSafeEqualBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

export const pinProtocolOne: PinProtocol = {
  version: 1,
  kdf: (z) => new Uint8Array(createHash('sha256').update(z).digest()),
  encrypt: (secret, plaintext) => aesCbc('enc', secret, ZERO_IV, plaintext),
  decrypt: (secret, ciphertext) => aesCbc('dec', secret, ZERO_IV, ciphertext),
  authenticate: (key, message) => hmac(key, message).subarray(0, 16),
  verify(key, message, signature) {
    return signature.length === 16 && timingSafeEqualBytes(hmac(key, message).subarray(0, 16), signature);
  },
};

const HKDF_SALT = Buffer.alloc(32);

/** v2 shared secrets are 64 bytes: the HMAC key first, then the AES key. */
function v2HmacKey(key: Uint8Array): Uint8Array {
  return key.length === 64 ? key.subarray(0, 32) : key;
}

export const pinProtocolTwo: PinProtocol = {
  version: 2,
  kdf(z) {
    const hmacKey = new Uint8Array(hkdfSync('sha256', z, HKDF_SALT, 'CTAP2 HMAC key', 32));
    const aesKey = new Uint8Array(hkdfSync('sha256', z, HKDF_SALT, 'CTAP2 AES key', 32));
    const out = new Uint8Array(64);
    out.set(hmacKey, 0);
    out.set(aesKey, 32);
    return out;
  },
  encrypt(secret, plaintext) {
    const iv = randomBytes(16);
    const ct = aesCbc('enc', secret.subarray(32, 64), iv, plaintext);
    const out = new Uint8Array(16 + ct.length);
    out.set(iv, 0);
    out.set(ct, 16);
    return out;
  },
  decrypt(secret, ciphertext) {
    if (ciphertext.length < 32) throw new Error('protocol 2 ciphertext is shorter than IV and one block');
    return aesCbc('dec', secret.subarray(32, 64), ciphertext.subarray(0, 16), ciphertext.subarray(16));
  },
  authenticate: (key, message) => hmac(v2HmacKey(key), message),
  verify(key, message, signature) {
    return signature.length === 32 && timingSafeEqualBytes(hmac(v2HmacKey(key), message), signature);
  },
};

export function pinProtocol(version: PinProtocolVersion): PinProtocol {
  return version === 1 ? pinProtocolOne : pinProtocolTwo;
}
