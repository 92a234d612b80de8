import { z } from 'zod';

const defaults = { rpId: 'enrollment-kiosk.local', idleLockSeconds: 600, lockOnKeyRemoval: false };

/**
 * The kiosk as a relying party for its facilitators' keys, and when it locks itself.
 * `lockOnKeyRemoval` is off by default: facilitators usually pull their key after unlocking,
 * because the attendee needs the USB port for their backup key.
 */
export const accessConfigSchema = z
  .object({
    /** The RP ID facilitator credentials are made for; changing it orphans every enrolled key. */
    rpId: z
      .string()
      .min(1)
      .max(253)
      .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, 'must be a host name in lower case, such as kiosk.example.com')
      .default(defaults.rpId),
    /** No facilitator activity for this long locks the kiosk. */
    idleLockSeconds: z.number().int().min(5).max(86_400).default(defaults.idleLockSeconds),
    /** Lock as soon as the key that unlocked is pulled out. */
    lockOnKeyRemoval: z.boolean().default(defaults.lockOnKeyRemoval),
    /** A one-time setup code for the first facilitator key, for unattended installs (else `enrollment-kiosk setup`). */
    setupCode: z.string().trim().min(12).max(40).optional(),
  })
  .strict()
  .default(defaults);

export type AccessConfig = z.output<typeof accessConfigSchema>;
