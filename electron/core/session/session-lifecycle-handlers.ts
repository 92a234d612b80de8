import { randomUUID } from 'node:crypto';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { Session, SessionReport } from '../../../shared/domain/session';
import { isDone } from '../../../shared/domain/steps';
import { actingFacilitator } from '../access/acting-facilitator';
import type { PartialHandlers } from '../contract/handler-table';
import { paceClock } from './board/pace-clock';
import { buildReport } from './report/build-report';
import { reportCsv, reportFilename } from './report/report-csv';
import type { SessionContext } from './session-context';

type LifecycleCalls = 'session.start' | 'session.current' | 'session.latest' | 'session.end' | 'session.report' | 'session.exportCsv' | 'board.get';

/** "A session is already open": one open session per kiosk, also for a station joining one. */
export function openConflict(open: Session): KioskError {
  const said = message('session.alreadyOpen', { department: open.department, room: open.room, time: open.startedAt.slice(11, 16), facilitator: open.facilitator });
  return new KioskError('conflict', said, { sessionId: open.id });
}

/** SQLite's own guard (the one-open-session index) for the case two starts race past the check. */
function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Starting, reading, ending and exporting a session, and its board. */
export function createSessionLifecycleHandlers(ctx: SessionContext): PartialHandlers<LifecycleCalls> {
  /** This station's rows: in a shared session, without the attendees other stations hold (their reports have them). */
  const ownRows = async (session: Session) => {
    const held = await ctx.shared.heldElsewhere(session);
    const elsewhere = new Map<string, SessionReport['elsewhere'][number]>();
    for (const station of held.values()) {
      const counted = elsewhere.get(station.kioskId) ?? { station, attendees: 0 };
      counted.attendees += 1;
      elsewhere.set(station.kioskId, counted);
    }
    const rows = ctx.rowsOf(session).filter((row) => !held.has(row.attendee.badgeId));
    return { rows, elsewhere: [...elsewhere.values()].sort((a, b) => a.station.name.localeCompare(b.station.name)) };
  };
  const report = async (session: Session): Promise<SessionReport> => {
    const own = await ownRows(session);
    return buildReport(session, own.rows, own.elsewhere);
  };

  return {
    'session.start': (input, call) => {
      const session: Session = {
        id: randomUUID(),
        department: input.department,
        facilitator: actingFacilitator(call).name,
        room: input.room,
        plannedMinutes: input.plannedMinutes,
        status: 'open',
        startedAt: ctx.nowIso(),
        endedAt: null,
        training: ctx.training,
      };
      try {
        ctx.transaction(() => {
          const open = ctx.sessions.findOpen();
          if (open) throw openConflict(open);
          ctx.sessions.insert(session);
          ctx.record(session, 'session.start', session.id, {
            department: session.department,
            room: session.room,
            plannedMinutes: session.plannedMinutes,
            training: session.training,
          });
        });
      } catch (error) {
        const open = isUniqueViolation(error) ? ctx.sessions.findOpen() : null;
        throw open ? openConflict(open) : error;
      }
      ctx.publishSession(session.id);
      return session;
    },

    'session.current': () => ctx.sessions.findOpen(),

    'session.latest': () => ctx.sessions.findLatestClosed(),

    'session.end': async (input) => {
      const session = ctx.requireSession(input.sessionId);
      if (session.status === 'closed') return report(session);
      const own = await ownRows(session);
      const endedAt = ctx.nowIso();
      ctx.transaction(() => {
        ctx.sessions.close(session.id, endedAt);
        const closed = { ...session, status: 'closed' as const, endedAt };
        const summary = buildReport(closed, own.rows, own.elsewhere);
        ctx.record(session, 'session.end', session.id, { complete: summary.complete, total: summary.total });
      });
      ctx.publishSession(session.id);
      await ctx.shared.ended(session);
      return report(ctx.requireSession(session.id));
    },

    'session.report': (input) => report(ctx.requireSession(input.sessionId)),

    'session.exportCsv': async (input) => {
      const session = ctx.requireSession(input.sessionId);
      const { rows } = await ownRows(session);
      const filename = reportFilename(session);
      ctx.transaction(() => ctx.record(session, 'session.export', session.id, { filename, attendees: rows.length, locale: input.locale }));
      return { filename, csv: reportCsv(session, rows, input.locale) };
    },

    'board.get': async (input) => {
      const session = ctx.requireSession(input.sessionId);
      if (session.status === 'open') await ctx.shared.refreshRoster(session);
      const { rows, shared } = await ctx.shared.board(session, ctx.rowsOf(session));
      const clock = paceClock({
        startedAt: session.startedAt,
        now: session.endedAt ? new Date(session.endedAt) : ctx.clock.now(),
        plannedMinutes: session.plannedMinutes,
        done: rows.filter((row) => isDone(row.steps)).length,
        total: rows.length,
      });
      return { session, rows, clock, shared };
    },
  };
}
