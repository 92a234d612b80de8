import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { Session } from '../../../shared/domain/session';
import type { StepId } from '../../../shared/domain/step-table';
import type { StepReason, StepStatus } from '../../../shared/domain/steps';
import type { RosterEntry } from '../store/roster-repository';
import type { SessionContext } from './session-context';

export interface StepChange {
  sessionId: string;
  attendeeId: string;
  step: StepId;
  status: StepStatus;
  /** Required for skipped and failed: the board and the report show it. */
  reason?: StepReason | null;
  /** Extra audit facts (key model, IdP item id, ...); never PINs, codes or tokens. */
  audit?: Record<string, unknown>;
}

/**
 * How the journey's later steps (platform passkey, backup key, recovery codes, envelope) record
 * progress: checked against the session and the identity check, committed with its audit
 * event before returning, then announced on the board. The FIDO, IdP and print capabilities
 * use this rather than writing attendee_steps themselves.
 */
export class StepRecorder {
  constructor(private readonly ctx: SessionContext) {}

  /** The open session and attendee, once the facilitator confirmed who they are. */
  requireConfirmed(sessionId: string, attendeeId: string): { session: Session; attendee: RosterEntry } {
    const session = this.ctx.requireOpenSession(sessionId);
    const attendee = this.ctx.requireAttendee(session, attendeeId);
    if (this.ctx.steps.get(attendee.id).badge.status !== 'done') {
      throw new KioskError('identity_unconfirmed', message('step.confirmIdentityFirst', { name: `${attendee.givenName} ${attendee.familyName}` }), {
        attendeeId: attendee.id,
      });
    }
    return { session, attendee };
  }

  record(change: StepChange): void {
    const reason = change.reason ? { code: change.reason.code, note: change.reason.note?.trim() || null } : null;
    if ((change.status === 'skipped' || change.status === 'failed') && (!reason || (reason.code === 'other' && !reason.note))) {
      throw new KioskError('invalid_input', message('step.reasonRequired'), { step: change.step });
    }
    const session = this.ctx.requireOpenSession(change.sessionId);
    const attendee = this.ctx.requireAttendee(session, change.attendeeId);
    if (change.step !== 'badge') this.requireConfirmed(session.id, attendee.id);
    if (this.ctx.steps.get(attendee.id)[change.step].status === 'done') {
      throw new KioskError('conflict', message('step.alreadyDone', { name: `${attendee.givenName} ${attendee.familyName}` }), {
        attendeeId: attendee.id,
        step: change.step,
      });
    }
    this.ctx.transaction(() => {
      this.ctx.steps.set(attendee.id, change.step, change.status, reason, this.ctx.nowIso());
      this.ctx.record(session, `step.${change.status}`, attendee.id, { step: change.step, ...(reason ? { reason: reason.code, note: reason.note } : {}), ...change.audit });
    });
    this.ctx.publishBoard(session.id, attendee.id);
  }
}
