import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { BadgeOutcome } from '../../../shared/domain/session';
import type { PartialHandlers } from '../contract/handler-table';
import { attendeeView } from './attendee-view';
import { classifyScan } from './badge/classify-scan';
import type { SessionContext } from './session-context';
import type { ClaimDecision } from './shared-session-port';

type CheckInCalls = 'badge.scan' | 'identity.confirm' | 'identity.reject';

/** A matched scan as the stations sharing the session decided it. */
function claimedOutcome(matched: Extract<BadgeOutcome, { kind: 'matched' }>, claim: ClaimDecision): BadgeOutcome {
  switch (claim.kind) {
    case 'notShared':
    case 'claimed':
      return matched;
    case 'heldElsewhere':
      return { kind: 'heldElsewhere', attendee: matched.attendee, station: claim.station, claimedAt: claim.claimedAt };
    case 'unavailable':
      return { kind: 'claimUnavailable', attendee: matched.attendee };
  }
}

/** The badge check (journey step 1): the scan, then the facilitator confirms or rejects who it is. */
export function createCheckInHandlers(ctx: SessionContext): PartialHandlers<CheckInCalls> {
  return {
    'badge.scan': async (input) => {
      const session = ctx.requireOpenSession(input.sessionId);
      let scan = classifyScan(ctx, session, input.raw);
      // A station's roster is a copy: a badge it does not know may have been added at the host since.
      if (scan.outcome.kind === 'unknown' && (await ctx.shared.refreshRoster(session))) scan = classifyScan(ctx, session, input.raw);
      // In a shared session the attendee must be this station's before their check goes on.
      const outcome = scan.outcome.kind === 'matched' && scan.entry ? claimedOutcome(scan.outcome, await ctx.shared.claim(session, scan.entry)) : scan.outcome;
      ctx.transaction(() => {
        // An identity confirmed while the claim was on its way stays confirmed.
        if (outcome.kind === 'matched' && scan.entry && ctx.steps.get(scan.entry.id).badge.status !== 'done') {
          ctx.steps.set(scan.entry.id, 'badge', 'inProgress', null, ctx.nowIso());
        }
        ctx.record(session, 'badge.scan', scan.entry?.id ?? null, {
          outcome: outcome.kind,
          badgeId: scan.badgeId,
          ...(outcome.kind === 'garbled' ? { raw: outcome.raw, reason: outcome.reason } : {}),
          ...(outcome.kind === 'heldElsewhere' ? { station: outcome.station } : {}),
        });
      });
      ctx.publishBoard(session.id, scan.entry?.id ?? null);
      return outcome;
    },

    'identity.confirm': (input) => {
      const session = ctx.requireOpenSession(input.sessionId);
      const entry = ctx.requireAttendee(session, input.attendeeId);
      const badge = ctx.steps.get(entry.id).badge;
      if (badge.status === 'done') {
        throw new KioskError('conflict', message('checkIn.alreadyCheckedIn', { name: `${entry.givenName} ${entry.familyName}` }), { attendeeId: entry.id });
      }
      if (badge.status !== 'inProgress') {
        throw new KioskError('identity_unconfirmed', message('checkIn.scanFirst', { name: `${entry.givenName} ${entry.familyName}` }), { attendeeId: entry.id });
      }
      const at = ctx.nowIso();
      const note = input.note ? input.note : null;
      ctx.transaction(() => {
        ctx.identityChecks.insert({
          attendeeId: entry.id,
          decision: 'confirmed',
          faceConfirmed: input.faceConfirmed,
          secondSignal: input.secondSignal,
          note,
          reason: null,
          facilitator: session.facilitator,
          decidedAt: at,
        });
        ctx.steps.set(entry.id, 'badge', 'done', null, at);
        ctx.record(session, 'identity.confirm', entry.id, { badgeId: entry.badgeId, faceConfirmed: true, secondSignal: input.secondSignal, note });
      });
      // After the commit: a crash in between leaves the kiosk locked anyway, as every start does.
      ctx.attendeeTakesOver();
      ctx.publishBoard(session.id, entry.id);
      return attendeeView(entry, ctx.photosFor(session));
    },

    'identity.reject': (input) => {
      const session = ctx.requireOpenSession(input.sessionId);
      const entry = ctx.requireAttendee(session, input.attendeeId);
      if (ctx.steps.get(entry.id).badge.status === 'done') {
        throw new KioskError('conflict', message('checkIn.alreadyConfirmed', { name: `${entry.givenName} ${entry.familyName}` }), { attendeeId: entry.id });
      }
      const at = ctx.nowIso();
      ctx.transaction(() => {
        ctx.identityChecks.insert({
          attendeeId: entry.id,
          decision: 'rejected',
          faceConfirmed: false,
          secondSignal: null,
          note: null,
          reason: input.reason,
          facilitator: session.facilitator,
          decidedAt: at,
        });
        // The facilitator's own words: the reason `other`, shown as written.
        ctx.steps.set(entry.id, 'badge', 'failed', { code: 'other', note: input.reason }, at);
        ctx.record(session, 'identity.reject', entry.id, { badgeId: entry.badgeId, reason: input.reason });
      });
      ctx.publishBoard(session.id, entry.id);
      return attendeeView(entry, ctx.photosFor(session));
    },
  };
}
