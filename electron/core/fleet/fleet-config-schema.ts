import { z } from 'zod';
import { SECRET_NAME_PATTERN } from '../ports/secret-store';

const secretRef = z.string().regex(SECRET_NAME_PATTERN, 'a secret name: letters, digits, dot, dash, underscore (e.g. fleet.password)');

/** A database role and where its password is kept: the kiosk's secret store, never this file. */
const credentialsSchema = z
  .object({
    user: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a PostgreSQL role name in lower case: letters, digits, underscore (e.g. kiosk_room_a)'),
    passwordRef: secretRef,
  })
  .strict();

/**
 * The `fleet` section: one PostgreSQL shared by the organisation's kiosks. Absent, the kiosk
 * works alone on its SQLite file, exactly as before. The kiosk's id in the fleet is its
 * database role (`user`): row-level security lets that role write only rows carrying it.
 */
export const fleetConfigSchema = z
  .object({
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65_535).default(5432),
    database: z.string().min(1).max(63),
    user: credentialsSchema.shape.user,
    passwordRef: secretRef,
    /** verify-full: the server's certificate must chain to `caFile` and name `host`. Required in production. */
    tls: z.union([z.object({ mode: z.literal('verify-full'), caFile: z.string().min(1) }).strict(), z.literal(false)]).default(false),
    /** How the kiosk is named on other kiosks' screens and in the fleet report ("Room A, Berlin"). */
    kioskName: z.string().trim().min(1).max(80),
    site: z.string().trim().min(1).max(80),
    /**
     * The role that owns the fleet's schema and applies its migrations at start (under an
     * advisory lock). Without it the kiosk's own role must be allowed to; the README shows why
     * an operator keeps the owner off the kiosks.
     */
    migrator: credentialsSchema.optional(),
    /** A facilitator key fetched from the fleet unlocks offline until its copy is this old. */
    keyCacheMaxAgeHours: z.number().int().min(1).max(24 * 90).default(72),
    /** A statement or a connection that takes longer counts as the fleet being unreachable. */
    timeoutMs: z.number().int().min(500).max(120_000).default(5_000),
  })
  .strict();

export type FleetConfig = z.output<typeof fleetConfigSchema>;
