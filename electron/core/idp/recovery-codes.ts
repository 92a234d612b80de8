import { createHash, randomInt } from 'node:crypto';
import type { HashedRecoveryCode } from './idp-connector';

/**
 * Kiosk-issued recovery codes: crypto-random, from an alphabet without look-alikes (no 0/O,
 * 1/I/L), 12 characters shown in groups of four. The plaintext goes only to the printer;
 * the IdP and the outbox get SHA-512 hashes.
 */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 12;

export function generateRecoveryCodes(count: number): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    let code = '';
    for (let i = 0; i < CODE_LENGTH; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
    codes.add(code);
  }
  return [...codes];
}

/** "ABCD-EFGH-JKMN" for the printed sheet; entering it with or without dashes is the IdP's concern. */
export function formatRecoveryCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/** Keycloak 26.2+: standard base64 of SHA-512 over the code's UTF-8 bytes, numbered from 1. */
export function hashRecoveryCodes(codes: string[]): HashedRecoveryCode[] {
  return codes.map((code, index) => ({
    number: index + 1,
    encodedHashedValue: createHash('sha512').update(code, 'utf8').digest('base64'),
  }));
}
