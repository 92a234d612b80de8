import { z } from 'zod';
import { messageSchema } from './messages';
import { defineCall } from './define';

const pinStateSchema = z.enum(['set', 'notSet', 'unsupported']);

/** One security key as the journey screens see it. */
export const keySummarySchema = z.object({
  /** Stable while the key stays plugged in; pass it back to the other key calls. */
  path: z.string(),
  product: z.string().nullable(),
  /** The built-in virtual key of training mode. */
  training: z.boolean(),
  /** busy: an operation runs on it; noAccess: the OS refused the kiosk (udev rule / elevation, see problem), not "no key". */
  state: z.enum(['ready', 'busy', 'noAccess', 'error']),
  /** What the person can do about a noAccess or error state. */
  problem: messageSchema.nullable(),
  aaguid: z.string().nullable(),
  /** Model name from the AAGUID table or FIDO metadata; null when unknown. */
  model: z.string().nullable(),
  versions: z.array(z.string()),
  pinState: pinStateSchema.nullable(),
  pinRetries: z.number().int().min(0).nullable(),
  minPinLength: z.number().int().min(0).nullable(),
  forcePinChange: z.boolean(),
  remainingDiscoverableCredentials: z.number().int().min(0).nullable(),
});
export type KeySummaryView = z.infer<typeof keySummarySchema>;

const pathInput = z.object({ path: z.string().min(1).max(512) }).strict();

export const keysCalls = {
  'keys.list': defineCall(z.object({}).strict(), z.object({ backend: z.enum(['hid', 'virtual']), keys: z.array(keySummarySchema) })),
  'keys.pinState': defineCall(
    pathInput,
    z.object({
      pinState: pinStateSchema,
      retries: z.number().int().min(0).nullable(),
      /** Too many wrong PINs in a row: unplug and replug before the next try. */
      powerCycleRequired: z.boolean(),
      minPinLength: z.number().int().min(0),
    }),
  ),
  /** Makes the key blink, so the facilitator can tell which key is which. */
  'keys.wink': defineCall(pathInput, z.object({ ok: z.literal(true) })),
  /** Ends whatever the key is waiting for (usually a touch). */
  'keys.cancel': defineCall(pathInput, z.object({ cancelled: z.boolean() })),
  /** Training: the next attendee takes a fresh built-in training key, as a fresh key from the kit. */
  'keys.freshTrainingKey': defineCall(z.object({}).strict(), z.object({ ok: z.literal(true) })),
};
