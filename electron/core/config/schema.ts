import { z } from 'zod';
import { localeSchema } from '../../../shared/domain/locale';
import { kioskModeSchema, type KioskMode } from '../../../shared/domain/mode';
import { accessConfigSchema } from '../access/access-config-schema';
import { envelopesConfigSchema } from '../custody/envelopes-config-schema';
import { fleetConfigSchema } from '../fleet/fleet-config-schema';
import { idpConfigSchema } from '../idp/idp-config-schema';
import { printersConfigSchema } from '../print/printers-config-schema';
import { stockConfigSchema } from '../custody/stock-config-schema';
import { outboxConfigSchema } from '../sync/outbox-config-schema';
import { idpUrls, isLoopbackUrl } from './loopback-url';

const aaguid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'an AAGUID looks like cb69481e-8ff7-4039-93ec-0a2729a154a8')
  .transform((value) => value.toLowerCase());

/**
 * The kiosk's one configuration file (JSON or YAML). Everything is optional: with no file at
 * all the kiosk runs in training mode with the built-in training IdP and the virtual key.
 */
const rawConfigSchema = z
  .object({
    /**
     * training: built-in training IdP (or a test IdP on this machine), the virtual key allowed,
     * banner everywhere. production: a real IdP and real keys only. Default: training with the
     * training IdP, production with any other IdP.
     */
    mode: kioskModeSchema.optional(),
    locale: localeSchema.default('en'),
    /** Where roster photos named in a CSV are looked up. */
    photosDir: z.string().min(1).optional(),
    idp: idpConfigSchema.default({ kind: 'training', linkLifetimeSeconds: 900 }),
    /** How the outbox worker talks to the IdP: parallel calls, retry backoff, per-item timeout. */
    outbox: outboxConfigSchema,
    /** The CUPS queues for the recovery sheet and the envelope label, and their paper. */
    printers: printersConfigSchema,
    security: z
      .object({
        /** The kiosk's own minimum PIN length; the key's minPINLength applies when higher. */
        minPinLength: z.number().int().min(4).max(63).default(6),
        /** An attendee screen nobody touches for this long returns to the badge scan, its data gone. */
        attendeeIdleSeconds: z.number().int().min(10).max(3600).default(120),
      })
      .strict()
      .default({ minPinLength: 6, attendeeIdleSeconds: 120 }),
    keys: z
      .object({
        /** `virtual`: the built-in training key (training mode only); `hid`: real keys over USB. Default follows the mode. */
        backend: z.enum(['virtual', 'hid']).optional(),
        /** A FIDO MDS3 BLOB (JWT) on disk, for model names beyond the built-in table; never fetched. */
        mdsBlobPath: z.string().min(1).optional(),
        /** When set, only keys of these models (AAGUIDs) may become backup keys. */
        allowedAaguids: z.array(aaguid).min(1).max(500).optional(),
      })
      .strict()
      .default({}),
    /** Seal numbers for backup-key envelopes that are not pre-numbered. */
    envelopes: envelopesConfigSchema,
    /** Below how many fresh keys of a model the status and custody screens warn. */
    stock: stockConfigSchema,
    /** Facilitator keys: the kiosk's RP ID, the idle lock, locking when the key is pulled. */
    access: accessConfigSchema,
    /** One PostgreSQL shared by the organisation's kiosks; absent, the kiosk works alone. */
    fleet: fleetConfigSchema.optional(),
  })
  .strict();

/**
 * The mode is decided here, once: every other part of the kiosk gets the resolved mode and key
 * backend, so a real IdP can never run with the virtual key and no banner. Default: training
 * with the training IdP, production with any other IdP.
 */
export const kioskConfigSchema = rawConfigSchema
  .transform((config) => {
    const mode: KioskMode = config.mode ?? (config.idp.kind === 'training' ? 'training' : 'production');
    return { ...config, mode, keys: { ...config.keys, backend: config.keys.backend ?? (mode === 'training' ? 'virtual' : 'hid') } };
  })
  .superRefine((config, ctx) => {
    if (config.mode === 'production' && config.idp.kind === 'training') {
      ctx.addIssue({ code: 'custom', path: ['idp', 'kind'], message: 'production mode needs a real identity provider (entra, keycloak or authentik); the built-in training IdP is for training only' });
    }
    if (config.mode === 'production' && config.keys.backend === 'virtual') {
      ctx.addIssue({
        code: 'custom',
        path: ['keys', 'backend'],
        message: "production mode refuses the virtual key: a software key inside the kiosk must never become a person's real credential. Use backend: hid, or mode: training",
      });
    }
    if (config.mode === 'production' && config.fleet && config.fleet.tls === false) {
      ctx.addIssue({
        code: 'custom',
        path: ['fleet', 'tls'],
        message: 'production mode reaches the fleet only over TLS: set tls: { mode: verify-full, caFile: <the CA that signed the server certificate> }',
      });
    }
    if (config.mode === 'training' && config.idp.kind !== 'training') {
      const remote = idpUrls(config.idp).find((url) => !isLoopbackUrl(url));
      if (remote) {
        ctx.addIssue({
          code: 'custom',
          path: ['mode'],
          message: `training mode never reaches a real identity provider, but ${remote} is not on this machine. Set mode: production for a real IdP, or use the built-in training IdP`,
        });
      }
    }
  });

export type KioskConfigInput = z.input<typeof kioskConfigSchema>;
export type KioskConfig = z.output<typeof kioskConfigSchema>;
