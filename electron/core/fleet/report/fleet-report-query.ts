import { z } from 'zod';
import type { FleetReport, FleetReportFigures, FleetReportGrouping } from '../../../../shared/domain/fleet-report';
import { stepIds, type StepId } from '../../../../shared/domain/step-table';
import type { FleetDb } from '../fleet-db';

/** A step's counter columns in fleet.report_counts: `platformPasskey` → `platform_passkey_done`, … (migration 004). */
export function stepColumn(step: StepId): string {
  return step.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

const statuses = ['done', 'skipped', 'failed'] as const;
const counterColumns = ['attendees', 'complete', ...stepIds.flatMap((step) => statuses.map((status) => `${stepColumn(step)}_${status}`))];
const groupColumn: Record<FleetReportGrouping, string> = { department: 'department', site: 'site', kiosk: 'kiosk_id', week: 'week' };

const counted = z.number().int().min(0);
const rowSchema = z.object({ key: z.string(), label: z.string() }).extend(Object.fromEntries(counterColumns.map((column) => [column, counted])));

function sql(groupBy: FleetReportGrouping): string {
  const column = groupColumn[groupBy];
  const grouped = `
    SELECT ${column} AS key, ${counterColumns.map((c) => `sum(${c})::int AS ${c}`).join(', ')}
    FROM fleet.report_counts
    WHERE training = $1 AND ($2::text IS NULL OR week >= $2) AND ($3::text IS NULL OR week <= $3)
    GROUP BY ${column}
    HAVING sum(attendees) > 0`;
  // A kiosk reads as its name (fleet.kiosks), the others as themselves.
  return groupBy === 'kiosk'
    ? `SELECT g.*, coalesce(k.name, g.key) AS label FROM (${grouped}) AS g LEFT JOIN fleet.kiosks AS k ON k.kiosk_id = g.key ORDER BY label, g.key`
    : `SELECT g.*, g.key AS label FROM (${grouped}) AS g ORDER BY g.key`;
}

function figuresOf(row: Record<string, number>): FleetReportFigures {
  const steps = Object.fromEntries(
    stepIds.map((step) => [step, Object.fromEntries(statuses.map((status) => [status, row[`${stepColumn(step)}_${status}`] ?? 0]))]),
  ) as FleetReportFigures['steps'];
  return { attendees: row['attendees'] ?? 0, complete: row['complete'] ?? 0, steps };
}

function add(total: FleetReportFigures, figures: FleetReportFigures): FleetReportFigures {
  const steps = Object.fromEntries(
    stepIds.map((step) => [step, Object.fromEntries(statuses.map((status) => [status, total.steps[step][status] + figures.steps[step][status]]))]),
  ) as FleetReportFigures['steps'];
  return { attendees: total.attendees + figures.attendees, complete: total.complete + figures.complete, steps };
}

const nothing: FleetReportFigures = figuresOf({});

export interface FleetReportQuery {
  groupBy: FleetReportGrouping;
  from: string | null;
  to: string | null;
  training: boolean;
}

/**
 * The fleet report from the counts the fleet keeps per department, site, kiosk and week
 * (migration 004): a few thousand rows however many attendees. Every attendee sits in exactly
 * one group of any grouping, so the total is the sum of the rows.
 */
export async function readFleetReport(fleet: FleetDb, query: FleetReportQuery, now: Date): Promise<FleetReport> {
  const result = await fleet.query(sql(query.groupBy), [query.training, query.from, query.to]);
  const rows = result.rows.map((raw) => {
    const row = rowSchema.parse(raw) as Record<string, number> & { key: string; label: string };
    return { key: row.key, label: row.label, figures: figuresOf(row) };
  });
  return {
    groupBy: query.groupBy,
    from: query.from,
    to: query.to,
    training: query.training,
    rows,
    total: rows.reduce((total, row) => add(total, row.figures), nothing),
    generatedAt: now.toISOString(),
  };
}
