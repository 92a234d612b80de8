import { z } from 'zod';
import { defineCall } from './define';
import { messageSchema } from './messages';

/** The kiosk's line to the fleet (one PostgreSQL shared by the organisation's kiosks). */
export const fleetStatusSchema = z.object({
  /** False: this kiosk works alone on its own data file (no `fleet` in its config). */
  configured: z.boolean(),
  /** The kiosk's id in the fleet (its database role), its name on other kiosks' screens, its site. */
  kioskId: z.string().nullable(),
  kioskName: z.string().nullable(),
  site: z.string().nullable(),
  connected: z.boolean(),
  lastContactAt: z.string().nullable(),
  /** Changes recorded here that the fleet has not got yet; the oldest of them. */
  waiting: z.number().int().min(0),
  oldestWaitingAt: z.string().nullable(),
  oldestWaitingAgeSeconds: z.number().min(0).nullable(),
  problem: messageSchema.nullable(),
});
export type FleetStatusView = z.infer<typeof fleetStatusSchema>;

export const fleetCalls = {
  'fleet.status': defineCall(z.object({}).strict(), fleetStatusSchema),
};
