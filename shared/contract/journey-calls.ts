import { z } from 'zod';
import { journeyKeySchema, journeyViewSchema, pinRuleSchema } from '../domain/journey';
import { NOTE_MAX, PIN_MAX, SEAL_NUMBER_MAX } from '../domain/limits';
import { localeSchema } from '../domain/locale';
import { chosenReasonCodes, chosenReasonsFor, skippableStepIds } from '../domain/step-table';
import { defineCall } from './define';
import { messageSchema } from './messages';

const id = z.string().min(1).max(100);
const attendee = { sessionId: id, attendeeId: id };
const keyPath = z.string().min(1).max(512);
/** Up to the CTAP limit; the core's PIN policy judges the rest and names the rule a new PIN breaks. */
const pin = z.string().min(1).max(PIN_MAX);
const locale = localeSchema;

/**
 * Skipping a step: a reason the step offers (the step table's), or `other` with a note in the
 * person's words; beside any other reason the note is optional. The skip form validates with
 * this schema too.
 */
export const journeySkipInputSchema = z
  .object({
    ...attendee,
    step: z.enum(skippableStepIds),
    reason: z.enum(chosenReasonCodes),
    note: z.string().trim().max(NOTE_MAX).optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (!chosenReasonsFor(input.step).includes(input.reason)) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `"${input.reason}" is not a reason to skip ${input.step}; it takes ${chosenReasonsFor(input.step).join(', ')}` });
    }
    if (input.reason === 'other' && !input.note) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'The reason "other" needs a note that says it' });
    }
  });

/**
 * The attendee's journey after the badge check, one call per attendee action. The core
 * decides the order, the PIN policy, the relying party and which keys are allowed; the
 * screen asks and shows. Progress arrives as `journey.changed`.
 */
export const journeyCalls = {
  'journey.get': defineCall(z.object(attendee).strict(), journeyViewSchema),
  /** Shows a (new) one-time link as a QR code and starts watching the IdP for the passkey. */
  'journey.passkey.start': defineCall(z.object(attendee).strict(), journeyViewSchema),
  /** Looks at the IdP now and, unless the link expired, watches again (after unreachable or timed out). */
  'journey.passkey.check': defineCall(z.object(attendee).strict(), journeyViewSchema),
  /** Skips the current step with a reason code (and a note); the board and the report keep it open. */
  'journey.skip': defineCall(journeySkipInputSchema, journeyViewSchema),
  /**
   * The key plugged in for this attendee (the one at `path`, or without it the key the core
   * picks among those plugged in; null while none is ready): model, PIN state and the next
   * stage. Refused when the model is not allowed.
   */
  'journey.key.inspect': defineCall(z.object({ ...attendee, path: keyPath.optional() }).strict(), journeyKeySchema.nullable()),
  /** The PIN policy's verdict as the person types (nothing is sent to the key). */
  'journey.key.checkPin': defineCall(
    z.object({ ...attendee, path: keyPath, pin }).strict(),
    z.object({ ok: z.boolean(), rule: pinRuleSchema.nullable(), says: messageSchema.nullable(), minLength: z.number().int() }),
  ),
  /** Sets the first PIN of a key that has none, under the policy. */
  'journey.key.setPin': defineCall(z.object({ ...attendee, path: keyPath, pin }).strict(), journeyKeySchema),
  /** PIN, touch, credential for the IdP on the attendee's behalf, test sign-in, queued for the IdP. */
  'journey.key.register': defineCall(z.object({ ...attendee, path: keyPath, pin }).strict(), journeyViewSchema),
  /** Prints the recovery-code sheet in the attendee's language (again, with the same codes, after a failed print). */
  'journey.codes.print': defineCall(z.object({ ...attendee, locale }).strict(), journeyViewSchema),
  /** The one reprint allowed, audited. */
  'journey.codes.reprint': defineCall(z.object({ ...attendee, locale }).strict(), journeyViewSchema),
  /** "I have my sheet": the step is committed and the codes are wiped from the kiosk's memory. */
  'journey.codes.confirm': defineCall(z.object(attendee).strict(), journeyViewSchema),
  /** Seals the backup key's envelope (typed or scanned seal number, or the next of the sequence) and prints its label. */
  'journey.envelope.print': defineCall(z.object({ ...attendee, sealNumber: z.string().trim().min(1).max(SEAL_NUMBER_MAX).nullable(), locale }).strict(), journeyViewSchema),
};
