import { randomInt } from 'node:crypto';

/**
 * The custody code on a label's QR: ENV- and 8 characters. The alphabet is Crockford's base32
 * without Y and Z, because a keyboard-wedge scanner set to a US layout on a German kiosk types
 * Y as Z and Z as Y; 30^8 codes leave collisions to the retry in the service.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWX';
const PREFIX = 'ENV';
const LENGTH = 8;

export function newEnvelopeCode(): string {
  let tail = '';
  for (let i = 0; i < LENGTH; i += 1) tail += ALPHABET[randomInt(ALPHABET.length)];
  return `${PREFIX}-${tail}`;
}

/** What a scanned or typed value names: an envelope code, or else a seal number. */
export type EnvelopeKey = { kind: 'code'; code: string } | { kind: 'sealNumber'; sealNumber: string };

/**
 * Letters and digits only, upper case. Punctuation is dropped before anything else because a
 * wedge scanner on a German layout types the code's "-" as "ß" (which would upper-case to "SS").
 */
export function compact(raw: string): string {
  return raw.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

/** Crockford's reading of the letters people type for digits. */
const lookalikes: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };

export function envelopeKey(raw: string): EnvelopeKey | null {
  const key = compact(raw);
  if (key.length === 0) return null;
  if (key.startsWith(PREFIX) && key.length === PREFIX.length + LENGTH) {
    const tail = [...key.slice(PREFIX.length)].map((c) => lookalikes[c] ?? c).join('');
    if ([...tail].every((c) => ALPHABET.includes(c))) return { kind: 'code', code: `${PREFIX}-${tail}` };
  }
  return { kind: 'sealNumber', sealNumber: key };
}

/** Seal numbers may not look like codes, so one field can take either without ambiguity. */
export function looksLikeCode(sealNumber: string): boolean {
  return sealNumber.startsWith(PREFIX);
}
