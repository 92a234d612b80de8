import { z } from 'zod';

export const ENVELOPE_DEFAULTS = { sealNumbers: { prefix: 'K', start: 1000, digits: 6 } } as const;

/**
 * The `envelopes` section of the kiosk config: the seal-number sequence used when the
 * facilitator does not type the number of a pre-numbered envelope. Its position is kept in
 * the database, so a restart never hands out a number twice.
 */
export const envelopesConfigSchema = z
  .object({
    sealNumbers: z
      .object({
        /** Upper-cased; "ENV" is refused because codes start with it and one field takes both. */
        prefix: z
          .string()
          .regex(/^[A-Za-z0-9]{0,8}$/, 'use up to 8 letters (A–Z) and digits')
          .transform((value) => value.toUpperCase())
          .refine((value) => !value.startsWith('ENV'), 'must not start with ENV (envelope codes do)')
          .default(ENVELOPE_DEFAULTS.sealNumbers.prefix),
        /** The first number of the sequence; raising it later skips ahead, lowering it changes nothing. */
        start: z.number().int().min(0).max(999_999_999).default(ENVELOPE_DEFAULTS.sealNumbers.start),
        /** Zero-padded to at least this many digits (K001000). */
        digits: z.number().int().min(1).max(12).default(ENVELOPE_DEFAULTS.sealNumbers.digits),
      })
      .strict()
      .default(ENVELOPE_DEFAULTS.sealNumbers),
  })
  .strict()
  .default(ENVELOPE_DEFAULTS);

export type EnvelopesConfig = z.infer<typeof envelopesConfigSchema>;
