import { z } from 'zod';
import type { MessageCode } from '../../../../shared/contract/messages';
import { DEPARTMENT_MAX, EMAIL_MAX, FAMILY_NAME_MAX, GIVEN_NAME_MAX, MANAGER_MAX, PHOTO_FILE_MAX } from '../../../../shared/domain/limits';

/** Badge ids are letters and digits only; compared and stored upper-case so "ab12" and "AB12" are one badge. */
export const BADGE_ID_PATTERN = /^[A-Za-z0-9]+$/;
export const BADGE_MIN_LENGTH = 3;
export const BADGE_MAX_LENGTH = 32;

const codePoint = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** A zod message that names the message code the row's rejection carries (see parse-roster). */
const says = (code: MessageCode) => ({ error: code });

/**
 * What a value may not hold, as a message code and the character, or null: control characters (C0, DEL, C1:
 * a line break or NUL in a name breaks labels and the IdP), bidi embeddings, overrides and
 * isolates (they make a name display differently from what it is), and U+FFFD, which means a
 * letter was already lost before the file was written.
 */
function forbiddenCharacter(value: string): { code: MessageCode; codePoint: string } | null {
  // Every forbidden character is in the BMP, so UTF-16 code units suffice (and are fast on 5,000 rows).
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return { code: 'roster.cell.controlCharacter', codePoint: codePoint(code) };
    if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) {
      return { code: 'roster.cell.directionCharacter', codePoint: codePoint(code) };
    }
    if (code === 0xfffd) return { code: 'roster.cell.replacementCharacter', codePoint: codePoint(code) };
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
      if (problem) ctx.addIssue({ code: 'custom', message: problem.code, params: { codePoint: problem.codePoint }, continue: false });
    });

/** Names compare and print the same however the exporter composed "ü": one code point (NFC). */
const name = (max: number) => cell().normalize('NFC').max(max, says('roster.cell.tooLong'));

const required = (max: number) => name(max).min(1, says('roster.cell.missing'));

/**
 * One roster row after the columns were mapped. Each message is a message code whose text names
 * the column ("Email is not a valid address."); parse-roster adds the column and the limits.
 */
export const rosterCellsSchema = z.object({
  badgeId: cell()
    .min(1, says('roster.cell.missing'))
    .regex(BADGE_ID_PATTERN, says('roster.cell.lettersDigits'))
    .min(BADGE_MIN_LENGTH, says('roster.cell.tooShort'))
    .max(BADGE_MAX_LENGTH, says('roster.cell.tooLong'))
    .transform((value) => value.toUpperCase()),
  givenName: required(GIVEN_NAME_MAX),
  familyName: required(FAMILY_NAME_MAX),
  email: cell()
    .min(1, says('roster.cell.missing'))
    .max(EMAIL_MAX, says('roster.cell.tooLong'))
    .pipe(z.email(says('roster.cell.notEmail'))),
  department: name(DEPARTMENT_MAX),
  manager: name(MANAGER_MAX),
  photo: cell()
    .max(PHOTO_FILE_MAX, says('roster.cell.tooLong'))
    .refine((value) => !/[/\\]/.test(value) && value !== '.' && value !== '..', says('roster.cell.notFileName')),
});
export type RosterCells = z.infer<typeof rosterCellsSchema>;
