import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';

/**
 * The outbox lives on disk for as long as an IdP is unreachable, so its payloads must never
 * hold a PIN, a plaintext recovery code, a token or a secret. Connectors store what they
 * need to rebuild the request (user id, credential public data, code HASHES) and fetch
 * secrets from the SecretStore at send time.
 *
 * A key is refused when one of its words (camelCase, snake_case, kebab-case) is sensitive,
 * unless another word says the value is hashed (`codeHashes`, `encodedHashedValue`); hashed
 * values must then look like digests (hex or base64 of at least 32 bytes).
 */
const SENSITIVE_WORDS = new Set([
  'pin', 'pins', 'code', 'codes', 'token', 'tokens', 'secret', 'secrets', 'password', 'passwords',
  'passcode', 'passphrase', 'pass', 'otp', 'private', 'tap',
]);
const HASH_WORDS = new Set(['hash', 'hashes', 'hashed', 'digest', 'digests']);
/** Descriptive strings allowed next to digests inside a hashed value. */
const HASH_METADATA_KEYS = new Set(['algorithm', 'alg', 'encoding']);
const DIGEST_VALUE = /^(?:[0-9a-f]{64,}|[A-Za-z0-9+/_-]{43,}={0,2})$/i;
const JWT_LIKE = /^(?:Bearer\s+)?eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function classify(key: string): 'plain' | 'sensitive' | 'hashed' {
  const ws = words(key);
  if (ws.some((w) => HASH_WORDS.has(w))) return 'hashed';
  return ws.some((w) => SENSITIVE_WORDS.has(w)) ? 'sensitive' : 'plain';
}

function reject(path: string, what: 'outbox.payloadNotHash' | 'outbox.payloadToken' | 'outbox.payloadSecret'): never {
  throw new KioskError('invalid_input', message(what, { path }), { path });
}

function checkDigests(value: unknown, path: string): void {
  if (typeof value === 'string') {
    if (!DIGEST_VALUE.test(value)) reject(path, 'outbox.payloadNotHash');
    return;
  }
  if (Array.isArray(value)) return value.forEach((v, i) => checkDigests(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // Inside a hash container, bookkeeping such as { number: 1, encodedHashedValue } is fine.
      if (typeof v === 'number' || typeof v === 'boolean' || v === null) continue;
      if (HASH_METADATA_KEYS.has(k) && typeof v === 'string') continue;
      checkDigests(v, `${path}.${k}`);
    }
  }
}

function walk(value: unknown, path: string): void {
  if (typeof value === 'string') {
    if (JWT_LIKE.test(value)) reject(path, 'outbox.payloadToken');
    return;
  }
  if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      const kind = classify(k);
      if (kind === 'sensitive') reject(at, 'outbox.payloadSecret');
      if (kind === 'hashed') checkDigests(v, at);
      else walk(v, at);
    }
  }
}

/** Throws KioskError('invalid_input') naming the offending path; returns the payload otherwise. */
export function assertPayloadHasNoSecrets<T extends Record<string, unknown>>(payload: T): T {
  walk(payload, '');
  return payload;
}
