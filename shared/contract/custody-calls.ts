import { z } from 'zod';
import { custodyListSchema, custodyLookupSchema, custodyRecordSchema, envelopeLabelSchema, envelopeStateSchema } from '../domain/custody';
import { NOTE_MAX, SCANNED_CODE_MAX } from '../domain/limits';
import { localeSchema } from '../domain/locale';
import { defineCall } from './define';

/** A label's QR value or an envelope's seal number, as scanned or typed; the core normalises it. */
const code = z.string().trim().min(1).max(SCANNED_CODE_MAX);

/** Who moves or reprints is the unlocked facilitator (from their key), never a typed name. */
export const custodyCalls = {
  /** An unknown code is an answer ({ kind: 'unknown' }), not an error: a wrong scan is ordinary. */
  'custody.find': defineCall(z.object({ code }).strict(), custodyLookupSchema),
  /**
   * version: the fleet's version of the envelope the screen showed (record.fleet.version). In a
   * fleet, a move made meanwhile at any kiosk then wins over this one, which is refused naming
   * who moved it, where and when; without it, the version the kiosk reads just before the move.
   */
  'custody.move': defineCall(
    z.object({ code, to: envelopeStateSchema, note: z.string().trim().max(NOTE_MAX).optional(), version: z.number().int().min(0).optional() }).strict(),
    custodyRecordSchema,
  ),
  /** labelMissing: only envelopes whose label is missing (true) or only those with one (false); see labelMissing(). */
  'custody.list': defineCall(
    z.object({ state: envelopeStateSchema.optional(), labelMissing: z.boolean().optional(), sessionId: z.string().min(1).max(100).optional() }).strict(),
    custodyListSchema,
  ),
  /**
   * Prints the envelope's label: the missing first one, or a reprint (counted, marked REPRINT).
   * Recorded with the reason, only once the printer took it; the label's content comes back.
   */
  'custody.reprintLabel': defineCall(
    z.object({ code, reason: z.string().trim().min(1).max(NOTE_MAX), locale: localeSchema }).strict(),
    z.object({
      record: custodyRecordSchema,
      label: envelopeLabelSchema,
      /** Training: the label went to the training printer; its page is shown by this handle. */
      onScreen: z.string().nullable(),
    }),
  ),
};
