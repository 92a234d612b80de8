import { z } from 'zod';
import { custodyCalls } from '../../../shared/contract/custody-calls';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import { cutToLimit, FINGERPRINT_MAX, KEY_MODEL_MAX, PERSON_NAME_MAX } from '../../../shared/domain/limits';
import { issuesText, zodIssuesToDetails } from '../contract/zod-details';

/** The unlocked facilitator's name from their key's credential, checked as any audited actor. */
const actor = z.string().trim().min(1).max(PERSON_NAME_MAX);

/**
 * What the journey hands to CustodyService.seal. The journey is a caller inside the core, but
 * the envelope is kept for years, so its fields are checked here as at any boundary.
 */
export const sealInputSchema = z
  .object({
    sessionId: z.string().min(1).max(100),
    attendeeId: z.string().min(1).max(100),
    /** Typed or scanned from a pre-numbered envelope; null takes the next of the configured sequence. */
    sealNumber: z.string().max(200).nullable(),
    /** The catalog's or the MDS's name, which nobody typed: a longer one is cut rather than refused. */
    keyModel: z.string().trim().min(1).transform((model) => cutToLimit(model, KEY_MODEL_MAX)).nullable(),
    fingerprint: z.string().trim().min(1).max(FINGERPRINT_MAX),
    /** The facilitator who sealed it. */
    actor,
  })
  .strict();
export type SealInput = z.input<typeof sealInputSchema>;

/** Moves and label prints take the contract's own schemas (plus the actor), so a direct call is held to the same rules. */
export const moveInputSchema = custodyCalls['custody.move'].input.extend({ actor });
const reprint = custodyCalls['custody.reprintLabel'].input;
/** The journey prints the first label without a reason; IT always gives one. */
export const labelPrintInputSchema = reprint.omit({ locale: true }).extend({ actor, reason: reprint.shape.reason.nullable() });

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, refusal: 'custody.sealInvalid' | 'custody.moveInvalid' | 'custody.labelPrintInvalid'): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new KioskError('invalid_input', message(refusal, { problem: issuesText(parsed.error.issues, 1) }), { issues: zodIssuesToDetails(parsed.error.issues) });
}
