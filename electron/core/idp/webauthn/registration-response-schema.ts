import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';

/**
 * A WebAuthn registration response in its JSON form (what a key made on the attendee's behalf,
 * or a browser on the training page): kept in the outbox and the journey's facts, read back
 * and handed to the IdP as `RegistrationResponseJSON` without a cast. Extension outputs other
 * than these are dropped; no IdP the kiosk talks to reads them.
 */
export const registrationResponseSchema = z.object({
  id: z.string().min(1),
  rawId: z.string().min(1),
  response: z.object({
    clientDataJSON: z.string().min(1),
    attestationObject: z.string().min(1),
    authenticatorData: z.string().optional(),
    transports: z.array(z.string()).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: z.string().optional(),
  }),
  authenticatorAttachment: z.enum(['cross-platform', 'platform']).optional(),
  clientExtensionResults: z.object({
    appid: z.boolean().optional(),
    credProps: z.object({ rk: z.boolean().optional() }).optional(),
    hmacCreateSecret: z.boolean().optional(),
  }),
  type: z.literal('public-key'),
}) satisfies z.ZodType<RegistrationResponseJSON>;
