import { z } from 'zod';
import { localeSchema } from '../domain/locale';
import { kioskModeSchema } from '../domain/mode';
import { defineCall } from './define';
import { messageSchema } from './messages';

export const appInfoSchema = z.object({
  version: z.string(),
  /** Decided once from the config; the banner follows it. */
  mode: kioskModeSchema,
  training: z.boolean(),
  idp: z.object({ kind: z.string(), label: z.string() }),
  dataDir: z.string(),
  /** The kiosk's current log file (older ones beside it as .1, .2, …), for IT. */
  logFile: z.string(),
  /** How long an untouched attendee screen keeps its data before returning to the badge scan. */
  attendeeIdleSeconds: z.number().int().positive(),
  /** The language chosen at the kiosk (kept across restarts), else the config's. */
  locale: localeSchema,
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  events: z.number().int(),
  /** The first sequence number whose row was edited, or after which rows were deleted. */
  firstBadSeq: z.number().int().nullable(),
  problem: messageSchema.nullable(),
});

export const appCalls = {
  'app.info': defineCall(z.object({}).strict(), appInfoSchema),
  'audit.verify': defineCall(z.object({}).strict(), auditVerificationSchema),
  /** Keeps the kiosk's language across restarts; app.info reports it from then on. */
  'app.setLocale': defineCall(z.object({ locale: localeSchema }).strict(), appInfoSchema),
};
