import { createHash } from 'node:crypto';

/**
 * A short fingerprint a person can compare between the screen, the envelope label and the
 * IdP: the first 4 bytes of SHA-256 over the credential ID, as two groups of hex digits.
 */
export function credentialFingerprint(credentialIdBase64url: string): string {
  const hex = createHash('sha256').update(Buffer.from(credentialIdBase64url, 'base64url')).digest('hex').slice(0, 8).toUpperCase();
  return `${hex.slice(0, 4)} ${hex.slice(4)}`;
}
