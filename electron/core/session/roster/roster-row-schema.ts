import { z } from 'zod';

/** Badge ids are letters and digits only; compared and stored upper-case so "ab12" and "AB12" are one badge. */
export const BADGE_ID_PATTERN = /^[A-Za-z0-9]+$/;
export const BADGE_MIN_LENGTH = 3;
export const BADGE_MAX_LENGTH = 32;

const codePoint = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * What a value may not hold, as the rest of a sentence, or null: control characters (C0, DEL, C1:
 * a line break or NUL in a name breaks labels and the IdP), bidi embeddings, overrides and
 * isolates (they make a name display differently from what it is), and U+FFFD, which means a
 * letter was already lost before the file was written.
 */
function forbiddenCharacter(value: string): string | null {
  // Every forbidden character is in the BMP, so UTF-16 code units suffice (and are fast on 5,000 rows).
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `contains a control character (${codePoint(code)})`;
    if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) {
      return `contains a hidden text-direction character (${codePoint(code)})`;
    }
    if (code === 0xfffd) return `contains the replacement character (${codePoint(code)}): a letter was lost before the file was written`;
  }
  return null;
}

/**
 * A trimmed value without forbidden characters; the other checks are skipped when one is found,
 * because "may only hold letters and digits" would then add nothing. Whitespace around the value,
 * a tab or line break included, is trimmed first as before, so only characters inside it count.
 */
const cell = () =>
  z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const problem = forbiddenCharacter(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, continue: false });
    });

/** Names compare and print the same however the exporter composed "ü": one code point (NFC). */
const name = (max: number) => cell().normalize('NFC').max(max, { error: `is longer than ${max} characters` });

const required = (max: number) => name(max).min(1, { error: 'is missing' });

/**
 * One roster row after the columns were mapped. Messages complete a sentence that starts with
 * the column's name ("email is not a valid address"), so a rejection reads like a person wrote it.
 */
export const rosterCellsSchema = z.object({
  badgeId: cell()
    .min(1, { error: 'is missing' })
    .regex(BADGE_ID_PATTERN, { error: 'may only hold letters and digits' })
    .min(BADGE_MIN_LENGTH, { error: `must have at least ${BADGE_MIN_LENGTH} characters` })
    .max(BADGE_MAX_LENGTH, { error: `must have at most ${BADGE_MAX_LENGTH} characters` })
    .transform((value) => value.toUpperCase()),
  givenName: required(120),
  familyName: required(120),
  email: cell()
    .min(1, { error: 'is missing' })
    .max(254, { error: 'is longer than 254 characters' })
    .pipe(z.email({ error: 'is not a valid address' })),
  department: name(120),
  manager: name(120),
  photo: cell()
    .max(255, { error: 'is longer than 255 characters' })
    .refine((value) => !/[/\\]/.test(value) && value !== '.' && value !== '..', { error: 'must be a file name, not a path' }),
});
export type RosterCells = z.infer<typeof rosterCellsSchema>;
