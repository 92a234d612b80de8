import { z } from 'zod';
import { facilitatorRoleSchema } from '../../../shared/domain/access';
import type { FleetKeyRow, FleetKeySource } from '../access/fleet-key-source';
import type { FleetConfig } from './fleet-config-schema';
import { isConnectionProblem } from './fleet-db';
import type { FleetRuntime } from './fleet-runtime';

/** An unlock waits this long for the fleet's keys (at most the fleet's own timeout), then goes on with its copy. */
const UNLOCK_WAITS_FOR_FLEET_MS = 2_000;

const isoTime = z.union([z.date(), z.string().min(1)]).transform((value, ctx) => {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'not a time' });
    return z.NEVER;
  }
  return time.toISOString();
});

/** A row of the query below, as PostgreSQL (pg) hands it over. */
const keyRowSchema = z.object({
  kiosk_id: z.string().min(1),
  kiosk_name: z.string().min(1),
  local_id: z.string().min(1),
  credential_id: z.string().min(1),
  public_key: z.string().min(1),
  name: z.string(),
  role: facilitatorRoleSchema,
  aaguid: z.string(),
  key_model: z.string(),
  created_at: isoTime,
  created_by: z.string(),
  removed: z.object({ at: isoTime, by: z.string().nullable(), kioskId: z.string().min(1) }).nullable(),
});

/**
 * Every facilitator key of the fleet with the name of the kiosk it was enrolled at, and its
 * first removal: a removal row of any kiosk, else its own kiosk's removed_at (which does not
 * say by whom).
 */
const FLEET_KEYS_SQL = `
  SELECT k.kiosk_id, COALESCE(kiosk.name, k.kiosk_id) AS kiosk_name, k.local_id, k.credential_id, k.public_key, k.name, k.role,
         k.aaguid, k.key_model, k.created_at, k.created_by,
         COALESCE(
           (SELECT json_build_object('at', r.removed_at, 'by', r.removed_by, 'kioskId', r.kiosk_id)
              FROM fleet.facilitator_key_removals r WHERE r.credential_id = k.credential_id ORDER BY r.removed_at, r.kiosk_id LIMIT 1),
           CASE WHEN k.removed_at IS NOT NULL THEN json_build_object('at', k.removed_at, 'by', NULL, 'kioskId', k.kiosk_id) END
         ) AS removed
    FROM fleet.facilitator_keys k LEFT JOIN fleet.kiosks kiosk ON kiosk.kiosk_id = k.kiosk_id
   ORDER BY k.created_at, k.kiosk_id, k.local_id`;

/** The fleet's facilitator keys for access/, read as this kiosk's role. */
export function fleetKeySource(runtime: FleetRuntime, config: FleetConfig): FleetKeySource {
  return {
    kioskId: config.user,
    kioskName: config.kioskName,
    maxAgeHours: config.keyCacheMaxAgeHours,
    waitMs: Math.min(UNLOCK_WAITS_FOR_FLEET_MS, config.timeoutMs),
    whenReady: async () => (await runtime.whenReady()) !== null,
    wake: () => runtime.wake(),
    async read() {
      const db = runtime.db();
      if (!db) return null;
      let rows: unknown[];
      try {
        rows = (await db.query(FLEET_KEYS_SQL)).rows;
      } catch (error) {
        if (isConnectionProblem(error)) return null;
        throw error;
      }
      return rows.map((row): FleetKeyRow => {
        const key = keyRowSchema.parse(row);
        return {
          kioskId: key.kiosk_id,
          kioskName: key.kiosk_name,
          id: key.local_id,
          credentialId: key.credential_id,
          publicKey: key.public_key,
          name: key.name,
          role: key.role,
          aaguid: key.aaguid,
          keyModel: key.key_model,
          createdAt: key.created_at,
          createdBy: key.created_by,
          removed: key.removed,
        };
      });
    },
  };
}
