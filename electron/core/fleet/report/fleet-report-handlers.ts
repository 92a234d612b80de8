import { KioskError } from '../../../../shared/contract/errors';
import { message } from '../../../../shared/contract/messages';
import type { FleetReport, FleetReportGrouping } from '../../../../shared/domain/fleet-report';
import type { HandlerTable } from '../../contract/handler-table';
import type { Clock } from '../../ports/clock';
import type { AuditLog } from '../../store/audit-log';
import type { Db } from '../../store/open-database';
import { isConnectionProblem } from '../fleet-db';
import type { FleetRuntime } from '../fleet-runtime';
import { fleetReportCsv, fleetReportFilename } from './fleet-report-csv';
import { readFleetReport } from './fleet-report-query';

export interface FleetReportDeps {
  fleet: FleetRuntime;
  /** A training kiosk reports training sessions; a production kiosk, real ones. */
  training: boolean;
  clock: Clock;
  db: Db;
  audit: AuditLog;
  /** The unlocked facilitator, for the audit of an export. */
  actor(): string | null;
}

/**
 * The fleet report, read fresh from PostgreSQL on every call. Without a fleet, or while it
 * cannot be reached, the call is refused with a sentence saying so; there is no cached copy to
 * show in its place, so nobody reads old figures as today's.
 */
export function createFleetReportHandlers(deps: FleetReportDeps): Pick<HandlerTable, 'fleet.report' | 'fleet.reportCsv'> {
  async function report(input: { groupBy: FleetReportGrouping; from?: string; to?: string }): Promise<FleetReport> {
    if (!deps.fleet.config) throw new KioskError('unavailable', message('fleet.reportNoFleet'));
    const fleetDb = deps.fleet.db();
    if (!fleetDb) throw new KioskError('unavailable', message('fleet.reportUnreachable'));
    try {
      return await readFleetReport(fleetDb, { groupBy: input.groupBy, from: input.from ?? null, to: input.to ?? null, training: deps.training }, deps.clock.now());
    } catch (error) {
      if (isConnectionProblem(error)) throw new KioskError('unavailable', message('fleet.reportUnreachable'), { problem: (error as Error).message });
      throw error;
    }
  }

  return {
    'fleet.report': (input) => report(input),
    'fleet.reportCsv': async (input) => {
      const read = await report(input);
      const filename = fleetReportFilename(read);
      deps.db.transaction(() =>
        deps.audit.append({
          actor: deps.actor() ?? 'unknown',
          action: 'fleet.reportExport',
          subject: null,
          data: { filename, groupBy: read.groupBy, from: read.from, to: read.to, groups: read.rows.length, locale: input.locale },
        }),
      )();
      return { filename, csv: fleetReportCsv(read, input.locale) };
    },
  };
}
