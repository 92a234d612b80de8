import { z } from 'zod';
import { authentikIdpConfigSchema, entraIdpConfigSchema, keycloakIdpConfigSchema } from '../idp/idp-config-schema';
import { outboxConfigSchema } from '../sync/outbox-config-schema';

/**
 * The kiosk's one configuration file (JSON or YAML). Everything is optional: with no file at
 * all the kiosk runs in training mode with the built-in training IdP and the virtual key.
 */
export const trainingIdpConfigSchema = z.object({ kind: z.literal('training') }).strict();

export const idpConfigSchema = z.discriminatedUnion('kind', [
  trainingIdpConfigSchema,
  entraIdpConfigSchema,
  keycloakIdpConfigSchema,
  authentikIdpConfigSchema,
]);
export type IdpConfig = z.infer<typeof idpConfigSchema>;

export const kioskConfigSchema = z
  .object({
    locale: z.enum(['en', 'de']).default('en'),
    /** Where roster photos named in a CSV are looked up. */
    photosDir: z.string().min(1).optional(),
    idp: idpConfigSchema.default({ kind: 'training' }),
    /** How the outbox worker talks to the IdP: parallel calls, retry backoff, per-item timeout. */
    outbox: outboxConfigSchema,
    security: z
      .object({
        /** The kiosk's own minimum PIN length; the key's minPINLength applies when higher. */
        minPinLength: z.number().int().min(4).max(63).default(6),
      })
      .strict()
      .default({ minPinLength: 6 }),
    keys: z
      .object({
        /** `virtual`: the built-in training key; `hid`: real keys over USB. */
        backend: z.enum(['virtual', 'hid']).default('virtual'),
        /** A FIDO MDS3 BLOB (JWT) on disk, for model names beyond the built-in table; never fetched. */
        mdsBlobPath: z.string().min(1).optional(),
      })
      .strict()
      .default({ backend: 'virtual' }),
  })
  .strict();

export type KioskConfig = z.infer<typeof kioskConfigSchema>;
