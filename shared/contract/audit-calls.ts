import { z } from 'zod';
import { defineCall } from './define';

/** An instant with its zone; the renderer sends the local day's start as one. */
const instant = z.string().datetime({ offset: true });
const range = z
  .object({ from: instant, to: instant })
  .strict()
  .refine((v) => Date.parse(v.from) < Date.parse(v.to), { message: 'The range must end after it starts.', path: ['to'] });

export const kioskSigningKeySchema = z.object({
  /** base64 of the SPKI DER of the kiosk's Ed25519 public key. */
  publicKey: z.string(),
  /** `SHA256:…`, what IT records for the kiosk and passes to `audit verify --public-key`. */
  fingerprint: z.string(),
});

export const auditCalls = {
  /** The audit events written from `from` (inclusive) to `to` (exclusive) as one signed JSON file, for download. */
  'audit.export': defineCall(range, z.object({ filename: z.string(), json: z.string(), events: z.number().int().nonnegative() })),
  /** The key that signs exports; made the first time it is asked for. */
  'audit.signingKey': defineCall(z.object({}).strict(), kioskSigningKeySchema),
};
