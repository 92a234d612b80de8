import { enrollmentSchema, type Enrollment } from '../../../shared/domain/session';
import type { EventBus } from '../events/event-bus';
import { ENROLLMENT_FACT } from '../session/session-context';
import type { JourneyContext } from './journey-context';
import { placeOf } from './journey-order';

const RETRY_MS = 15_000;
const MAX_RETRIES = 40;

/**
 * "Enrolled" is decided by the IdP, not by the kiosk: once every step is settled here, the
 * kiosk asks the IdP how many passkeys and security keys it lists for the attendee. While the
 * outbox still holds the attendee's items (IdP down), the outcome is "waiting for the IdP";
 * each delivery asks again, so the board flips by itself.
 */
export class EnrollmentCheck {
  private readonly running = new Map<string, Promise<void>>();
  private readonly retries = new Map<string, { timer: ReturnType<typeof setTimeout>; count: number }>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: JourneyContext,
    events: EventBus,
  ) {
    this.unsubscribe = events.subscribe((event) => {
      if (event.name === 'journey.changed') this.refreshSoon((event.payload as { attendeeId: string }).attendeeId);
      if (event.name === 'outbox.done') this.refreshSoon((event.payload as { subjectKey: string }).subjectKey);
    });
  }

  close(): void {
    this.unsubscribe();
    for (const { timer } of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
  }

  /** Runs one check after any check already running for the attendee. */
  refresh(attendeeId: string): Promise<void> {
    const previous = this.running.get(attendeeId) ?? Promise.resolve();
    const next = previous.then(() => this.check(attendeeId));
    this.running.set(attendeeId, next);
    void next.finally(() => {
      if (this.running.get(attendeeId) === next) this.running.delete(attendeeId);
    });
    return next;
  }

  private refreshSoon(attendeeId: string): void {
    this.refresh(attendeeId).catch((error: unknown) => this.ctx.onInternalError('journey.enrollmentCheck', error));
  }

  private async check(attendeeId: string): Promise<void> {
    const entry = this.ctx.session.roster.get(attendeeId);
    if (!entry || placeOf(this.ctx.session.steps.get(attendeeId)) !== 'done') return;
    const session = this.ctx.session.sessions.get(entry.sessionId);
    if (!session) return;
    let outcome: Enrollment['outcome'];
    let authenticators: number | null = null;
    if (this.ctx.outbox.store.undeliveredFor(attendeeId) > 0) {
      outcome = 'waitingForIdp';
    } else {
      try {
        const list = await this.ctx.idp.listAuthenticators(await this.ctx.idpUser(entry));
        authenticators = list.filter((a) => a.type === 'passkey' || a.type === 'securityKey').length;
        outcome = authenticators >= 2 ? 'enrolled' : 'incomplete';
      } catch {
        outcome = 'waitingForIdp';
        this.retryLater(attendeeId);
      }
    }
    const before = this.ctx.session.facts.get(attendeeId, ENROLLMENT_FACT, enrollmentSchema);
    if (before?.outcome === outcome && before.authenticators === authenticators) return;
    this.ctx.session.transaction(() => {
      this.ctx.session.facts.set(attendeeId, ENROLLMENT_FACT, { outcome, authenticators, checkedAt: this.ctx.session.nowIso() } satisfies Enrollment, this.ctx.session.nowIso());
      this.ctx.session.record(session, 'enrollment.outcome', attendeeId, { outcome, authenticators });
    });
    this.ctx.session.publishBoard(session.id, attendeeId);
  }

  /** The IdP could not be asked: ask again later, a bounded number of times. */
  private retryLater(attendeeId: string): void {
    const count = (this.retries.get(attendeeId)?.count ?? 0) + 1;
    if (count > MAX_RETRIES) return;
    const timer = setTimeout(() => this.refreshSoon(attendeeId), RETRY_MS);
    this.retries.set(attendeeId, { timer, count });
  }
}
