import { z } from 'zod';
import { fleetReportGroupingSchema, fleetReportSchema, isoWeekSchema } from '../domain/fleet-report';
import { localeSchema } from '../domain/locale';
import { defineCall } from './define';

/** Weeks from and to, both included; either may be left open. */
const weeks = { groupBy: fleetReportGroupingSchema, from: isoWeekSchema.optional(), to: isoWeekSchema.optional() };
const inOrder = (v: { from?: string; to?: string }) => !v.from || !v.to || v.from <= v.to;
const outOfOrder = { message: 'The first week must not come after the last.', path: ['to'] };

/** Outcomes and adoption across every kiosk of the fleet, read from PostgreSQL; refused (`unavailable`) without a fleet or while it is unreachable. */
export const fleetReportCalls = {
  'fleet.report': defineCall(z.object(weeks).strict().refine(inOrder, outOfOrder), fleetReportSchema),
  /** The same report as CSV in `locale`: its headings and its numbers' format. */
  'fleet.reportCsv': defineCall(
    z.object({ ...weeks, locale: localeSchema }).strict().refine(inOrder, outOfOrder),
    z.object({ filename: z.string(), csv: z.string() }),
  ),
};
