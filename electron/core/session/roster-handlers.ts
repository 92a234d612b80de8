import { randomUUID } from 'node:crypto';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { RosterPreview, Session } from '../../../shared/domain/session';
import type { PartialHandlers } from '../contract/handler-table';
import { parseRoster } from './roster/parse-roster';
import { PreviewedRoster } from './roster/previewed-roster';
import type { SessionContext } from './session-context';

type RosterCalls = 'roster.preview' | 'roster.import' | 'roster.loadTraining';

/** Creates the roster handlers: preview without writing, import all-or-nothing, and the training roster. */
export function createRosterHandlers(ctx: SessionContext): PartialHandlers<RosterCalls> {
  const previewed = new PreviewedRoster();
  const read = (session: Session, file: Uint8Array, existingBadges: ReadonlySet<string>): RosterPreview =>
    parseRoster(file, { existingBadges, defaultDepartment: session.department });

  /**
   * Reads (or takes the preview's reading of this file) and writes in one transaction, so the
   * duplicate check sees exactly the rows it is added to; one audit event records the whole
   * import. A failure leaves the roster untouched.
   */
  const importFile = (sessionId: string, file: Uint8Array, source: 'csv' | 'training') => {
    const session = ctx.requireOpenSession(sessionId);
    const result = ctx.transaction(() => {
      const existing = ctx.roster.badgeIds(session.id);
      const parsed = previewed.take(session.id, file, existing) ?? read(session, file, existing);
      let position = ctx.roster.nextPosition(session.id);
      for (const row of parsed.accepted) {
        const id = randomUUID();
        ctx.roster.insert(
          {
            id,
            sessionId: session.id,
            badgeId: row.badgeId,
            givenName: row.givenName,
            familyName: row.familyName,
            email: row.email,
            department: row.department,
            manager: row.manager,
            photoFile: row.photoFile,
            sourceLine: row.line,
          },
          position,
        );
        position += 1;
      }
      ctx.record(session, 'roster.import', session.id, {
        source,
        imported: parsed.accepted.length,
        rejected: parsed.rejected.map((r) => ({ line: r.line, reasons: r.reasons })).slice(0, 100),
        rejectedCount: parsed.rejected.length,
      });
      return { imported: parsed.accepted.length, rejected: parsed.rejected.length };
    });
    ctx.publishSession(session.id);
    return result;
  };

  return {
    'roster.preview': (input) => {
      const session = ctx.requireOpenSession(input.sessionId);
      const file = Buffer.from(input.fileBase64, 'base64');
      const existing = ctx.roster.badgeIds(session.id);
      const preview = read(session, file, existing);
      previewed.remember(session.id, file, existing, preview);
      return preview;
    },

    'roster.import': (input) => importFile(input.sessionId, Buffer.from(input.fileBase64, 'base64'), 'csv'),

    'roster.loadTraining': (input) => {
      // Read once at start, in training mode only.
      const roster = ctx.trainingRoster;
      if (!ctx.training || !roster) {
        throw new KioskError('forbidden', message('roster.training.productionOnly'));
      }
      if (!roster.ok) {
        throw new KioskError('unavailable', message('roster.training.unreadable', { problem: roster.problem }), { file: roster.file });
      }
      return importFile(input.sessionId, roster.bytes, 'training');
    },
  };
}
