import type { BadgeOutcome, Session } from '../../../../shared/domain/session';
import type { RosterEntry } from '../../store/roster-repository';
import type { SessionContext } from '../session-context';
import { attendeeView } from '../attendee-view';
import { explainNearMiss, readBadge } from './read-badge';

/** The scan's outcome, and the roster entry it matched when it matched one in this session. */
export interface ScanDecision {
  outcome: BadgeOutcome;
  entry: RosterEntry | null;
  badgeId: string | null;
}

const RAW_ECHO_LIMIT = 64;

/**
 * Decides what a scan means, in this order: a garbled read; this session's roster (already
 * confirmed or not); another session's roster; a reader fault that nearly matches; unknown.
 * Reads only; the caller writes the step change and the audit event.
 */
export function classifyScan(ctx: SessionContext, session: Session, raw: string): ScanDecision {
  const read = readBadge(raw);
  if (!read.ok) {
    return { outcome: { kind: 'garbled', raw: raw.slice(0, RAW_ECHO_LIMIT), reason: read.reason }, entry: null, badgeId: null };
  }
  const { badgeId } = read;
  const entry = ctx.roster.findByBadge(session.id, badgeId);
  if (entry) {
    const attendee = attendeeView(entry, ctx.photosFor(session));
    const badgeStep = ctx.steps.get(entry.id).badge;
    if (badgeStep.status === 'done') {
      return { outcome: { kind: 'alreadyCheckedIn', attendee, checkedInAt: badgeStep.updatedAt ?? session.startedAt }, entry, badgeId };
    }
    return { outcome: { kind: 'matched', attendee }, entry, badgeId };
  }
  const elsewhere = ctx.roster.findBadgeElsewhere(session.id, badgeId);
  if (elsewhere) {
    return {
      outcome: { kind: 'otherSession', badgeId, department: elsewhere.department, sessionStartedAt: elsewhere.sessionStartedAt },
      entry: null,
      badgeId,
    };
  }
  const nearMiss = explainNearMiss(badgeId, ctx.roster.badgeIds(session.id));
  if (nearMiss) return { outcome: { kind: 'garbled', raw: raw.slice(0, RAW_ECHO_LIMIT), reason: nearMiss }, entry: null, badgeId };
  return { outcome: { kind: 'unknown', badgeId }, entry: null, badgeId };
}
