import { z } from 'zod';
import { journeyKeySchema, journeyViewSchema, pinRuleSchema } from '../domain/journey';
import { SEAL_NUMBER_MAX } from '../domain/limits';
import { localeSchema } from '../domain/locale';
import { defineCall } from './define';

const id = z.string().min(1).max(100);
const attendee = { sessionId: id, attendeeId: id };
const keyPath = z.string().min(1).max(512);
/** CTAP 2.1 PINs: at most 63 bytes of UTF-8; the policy in core says the rest. */
const pin = z.string().min(1).max(63);
const locale = localeSchema;

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
  /** Skips the current step with a reason; the board and the report keep it open. */
  'journey.skip': defineCall(
    z.object({ ...attendee, step: z.enum(['platformPasskey', 'backupKey', 'recoveryCodes', 'envelope']), reason: z.string().trim().min(1).max(500) }).strict(),
    journeyViewSchema,
  ),
  /** The key plugged in for this attendee: model, PIN state; refused when the model is not allowed. */
  'journey.key.inspect': defineCall(z.object({ ...attendee, path: keyPath }).strict(), journeyKeySchema),
  /** The PIN policy's verdict as the person types (nothing is sent to the key). */
  'journey.key.checkPin': defineCall(
    z.object({ ...attendee, path: keyPath, pin }).strict(),
    z.object({ ok: z.boolean(), rule: pinRuleSchema.nullable(), minLength: z.number().int() }),
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
