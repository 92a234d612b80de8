import { z } from 'zod';
import { EMAIL_MAX } from '../domain/limits';
import { localeSchema } from '../domain/locale';
import { defineCall } from './define';

const id = z.string().min(1).max(100);
const locale = localeSchema;

/**
 * The person whose codes the helpdesk renews, as the IdP search found them: one of badge, email
 * or user name (exactly one). The core asks the IdP again and acts only on the one user it finds,
 * so a screen cannot hand it an account of its own making.
 */
export const recoveryPersonSchema = z.union([
  z.object({ badgeId: z.string().trim().min(1).max(64) }).strict(),
  z.object({ email: z.string().trim().min(3).max(EMAIL_MAX) }).strict(),
  z.object({ username: z.string().trim().min(1).max(255) }).strict(),
]);
export type RecoveryPerson = z.infer<typeof recoveryPersonSchema>;

/**
 * A new sheet of recovery codes: printed (a failed print is an error; asking again prints the same codes), then
 * confirmed ("I have my sheet") or cancelled. The codes themselves never leave the core.
 */
export const newCodesSheetSchema = z.object({
  sheetId: z.string(),
  /** The person the sheet is for, as the IdP names them. */
  displayName: z.string(),
  mode: z.enum(['kioskIssuedHashed', 'idpIssued']),
  count: z.number().int(),
  status: z.enum(['printed', 'confirmed', 'cancelled']),
  reprintsLeft: z.number().int(),
  /** The training printer's page of the sheet (it shows the codes); null on a real printer and once the sheet is settled. */
  onScreen: z.string().nullable(),
});
export type NewCodesSheet = z.infer<typeof newCodesSheetSchema>;

/**
 * New recovery codes for a person who used most of theirs or lost the sheet: the old codes are
 * invalidated at the IdP where it can, a new sheet is printed under the journey's never-at-rest
 * rules. Refused, with the IdP's reason, where the IdP has no recovery codes.
 */
export const recoveryCodesCalls = {
  /** In a session: an attendee whose journey is done (the board row, the done screen). Prints the sheet; again with the same codes after a failed print. */
  'recovery.newCodes': defineCall(z.object({ sessionId: id, attendeeId: id, locale }).strict(), newCodesSheetSchema),
  /** At the helpdesk: a person found at the IdP, after the helpdesk's identity check (its id, when recorded). */
  'recovery.newCodesFor': defineCall(z.object({ person: recoveryPersonSchema, identityCheckId: id.optional(), locale }).strict(), newCodesSheetSchema),
  /** Prints the sheet again: after a failed print with the same codes, or the one reprint of a printed sheet (audited). */
  'recovery.sheetReprint': defineCall(z.object({ sheetId: id, locale }).strict(), newCodesSheetSchema),
  /** "I have my sheet": the old codes are replaced at the IdP through the outbox, and the codes wiped from memory. */
  'recovery.sheetConfirm': defineCall(z.object({ sheetId: id }).strict(), newCodesSheetSchema),
  /** The sheet is not kept: its codes are wiped and never reach the IdP (IdP-issued ones are revoked); the old codes stay valid. */
  'recovery.sheetCancel': defineCall(z.object({ sheetId: id }).strict(), newCodesSheetSchema),
};
