import { z } from 'zod';
import { stepIds, type StepId } from './step-table';

/** What the fleet report groups its attendees by: their department, the session's site, the kiosk, the ISO week the session started. */
export const fleetReportGroupings = ['department', 'site', 'kiosk', 'week'] as const;
export const fleetReportGroupingSchema = z.enum(fleetReportGroupings);
export type FleetReportGrouping = z.infer<typeof fleetReportGroupingSchema>;

/** An ISO 8601 week, "2026-W49": the week (Monday to Sunday, UTC) a session started in. */
export const isoWeekSchema = z.string().regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/);

const count = z.number().int().min(0);
export const stepCountsSchema = z.object({ done: count, skipped: count, failed: count });

/** Of a group's roster attendees: how many completed every step, and each step's done, skipped and failed. */
export const fleetReportFiguresSchema = z.object({
  attendees: count,
  complete: count,
  steps: z.record(z.enum(stepIds as [StepId, ...StepId[]]), stepCountsSchema),
});
export type FleetReportFigures = z.infer<typeof fleetReportFiguresSchema>;

export const fleetReportRowSchema = z.object({
  /** The department, site or week itself; for a kiosk its id (its database role). */
  key: z.string(),
  /** What a person reads: for a kiosk its name, else the key. */
  label: z.string(),
  figures: fleetReportFiguresSchema,
});
export type FleetReportRow = z.infer<typeof fleetReportRowSchema>;

export const fleetReportSchema = z.object({
  groupBy: fleetReportGroupingSchema,
  from: isoWeekSchema.nullable(),
  to: isoWeekSchema.nullable(),
  /** A training kiosk reports the fleet's training sessions, a production kiosk the real ones. */
  training: z.boolean(),
  rows: z.array(fleetReportRowSchema),
  total: fleetReportFiguresSchema,
  generatedAt: z.string(),
});
export type FleetReport = z.infer<typeof fleetReportSchema>;

/** A share of the group's attendees, 0..1; null for a group of nobody. */
export function shareOf(part: number, attendees: number): number | null {
  return attendees === 0 ? null : part / attendees;
}
