import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { PartialHandlers } from '../contract/handler-table';
import { attendeeView } from './attendee-view';
import { classifyScan } from './badge/classify-scan';
import type { SessionContext } from './session-context';
import type { StepRecorder } from './step-recorder';

type CheckInCalls = 'badge.scan' | 'identity.confirm' | 'identity.reject' | 'step.skip';

/** The badge check (journey step 1) and skipping a step with a reason. */
export function createCheckInHandlers(ctx: SessionContext, steps: StepRecorder): PartialHandlers<CheckInCalls> {
  return {
    'badge.scan': (input) => {
      const session = ctx.requireOpenSession(input.sessionId);
      const decision = ctx.transaction(() => {
        const scan = classifyScan(ctx, session, input.raw);
        const { outcome, entry } = scan;
        if (outcome.kind === 'matched' && entry) {
          ctx.steps.set(entry.id, 'badge', 'inProgress', null, ctx.nowIso());
        }
        ctx.record(session, 'badge.scan', entry?.id ?? null, {
          outcome: outcome.kind,
          badgeId: scan.badgeId,
          ...(outcome.kind === 'garbled' ? { raw: outcome.raw, reason: outcome.reason } : {}),
        });
        return scan;
      });
      ctx.publishBoard(session.id, decision.entry?.id ?? null);
      return decision.outcome;
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
        ctx.steps.set(entry.id, 'badge', 'failed', input.reason, at);
        ctx.record(session, 'identity.reject', entry.id, { badgeId: entry.badgeId, reason: input.reason });
      });
      ctx.publishBoard(session.id, entry.id);
      return attendeeView(entry, ctx.photosFor(session));
    },

    'step.skip': (input) => {
      steps.record({ sessionId: input.sessionId, attendeeId: input.attendeeId, step: input.step, status: 'skipped', reason: input.reason });
      const session = ctx.requireSession(input.sessionId);
      return attendeeView(ctx.requireAttendee(session, input.attendeeId), ctx.photosFor(session));
    },
  };
}
