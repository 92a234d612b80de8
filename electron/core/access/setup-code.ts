import { createHash, randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: a code read off a terminal and typed at a kiosk. */
const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Twelve characters in three groups (about 59 bits): e.g. "K7PX-M3QD-WR9A". */
export function newSetupCode(): string {
  const chars = Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8)].map((group) => group.join('')).join('-');
}

/** Case, spaces and dashes do not matter when typed. */
export function setupCodeHash(code: string): string {
  return createHash('sha256').update(code.toUpperCase().replace(/[\s-]/g, '')).digest('hex');
}
