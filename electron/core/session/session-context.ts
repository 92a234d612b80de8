import { join } from 'node:path';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { KioskMode } from '../../../shared/domain/mode';
import { enrollmentSchema, type Session } from '../../../shared/domain/session';
import type { EventBus } from '../events/event-bus';
import type { Clock } from '../ports/clock';
import type { AuditEvent, AuditLog } from '../store/audit-log';
import { IdentityChecksRepository } from '../store/identity-checks-repository';
import { JourneyFactsRepository } from '../store/journey-facts-repository';
import type { Db } from '../store/open-database';
import { RosterRepository, type RosterEntry } from '../store/roster-repository';
import { SessionsRepository } from '../store/sessions-repository';
import { pendingStates, StepsRepository } from '../store/steps-repository';
import { attendeeView } from './attendee-view';
import type { ReportRow } from './report/build-report';
import { PhotoResolver } from './roster/photo-resolver';
import { unsharedSessions, type SharedSessionPort } from './shared-session-port';
import type { TrainingRoster } from './roster/training-roster';

/** The journey_facts record where the attendee's enrollment outcome at the IdP is kept. */
export const ENROLLMENT_FACT = 'enrollment';

export interface SessionHandlerDeps {
  db: Db;
  audit: AuditLog;
  events: EventBus;
  clock: Clock;
  /** Decided once from the config; a session started now is a training session in training mode. */
  mode: KioskMode;
  /** Where roster photos named in a CSV are looked up (the config's photosDir). */
  photosDir?: string;
  /** The app's resources folder (the training photos live under training/photos). */
  resourcesDir: string;
  /** Read once at start in training mode; null in production. */
  trainingRoster: TrainingRoster | null;
  /** The facilitator unlocked now (from their key's credential), null while locked. */
  unlockedFacilitator?: () => string | null;
  /** An identity was confirmed: the attendee's journey holds the kiosk from now on (access locks it). */
  attendeeTakesOver?: () => void;
  /** Stations of a fleet sharing a session; absent: every session is this kiosk's own. */
  sharedSessions?: SharedSessionPort;
}

/** What every session handler shares: the repositories, the ports, and the checks they all need. */
export class SessionContext {
  readonly db: Db;
  readonly audit: AuditLog;
  readonly events: EventBus;
  readonly clock: Clock;
  readonly mode: KioskMode;
  readonly trainingRoster: TrainingRoster | null;
  readonly sessions: SessionsRepository;
  readonly roster: RosterRepository;
  readonly steps: StepsRepository;
  readonly identityChecks: IdentityChecksRepository;
  readonly facts: JourneyFactsRepository;
  private readonly unlockedFacilitator: () => string | null;
  /** See SessionHandlerDeps.attendeeTakesOver. */
  readonly attendeeTakesOver: () => void;
  readonly shared: SharedSessionPort;
  private readonly configuredPhotos: PhotoResolver;
  private readonly trainingPhotos: PhotoResolver;

  constructor(deps: SessionHandlerDeps) {
    this.db = deps.db;
    this.audit = deps.audit;
    this.events = deps.events;
    this.clock = deps.clock;
    this.mode = deps.mode;
    this.trainingRoster = deps.trainingRoster;
    this.sessions = new SessionsRepository(deps.db);
    this.roster = new RosterRepository(deps.db);
    this.steps = new StepsRepository(deps.db);
    this.identityChecks = new IdentityChecksRepository(deps.db);
    this.facts = new JourneyFactsRepository(deps.db);
    this.unlockedFacilitator = deps.unlockedFacilitator ?? (() => null);
    this.attendeeTakesOver = deps.attendeeTakesOver ?? (() => undefined);
    this.shared = deps.sharedSessions ?? unsharedSessions;
    this.configuredPhotos = new PhotoResolver(deps.photosDir);
    this.trainingPhotos = new PhotoResolver(deps.photosDir ?? join(deps.resourcesDir, 'training', 'photos'));
  }

  get training(): boolean {
    return this.mode === 'training';
  }

  nowIso(): string {
    return this.clock.now().toISOString();
  }

  /** Runs fn in one transaction; better-sqlite3 commits (fsync with synchronous=FULL) before it returns. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /**
   * Appends to the audit log. The actor is the facilitator unlocked now; while locked (an
   * attendee walking the journey) the one who started the session.
   */
  record(session: Session, action: string, subject: string | null, data: AuditEvent['data']): void {
    this.audit.append({ actor: this.unlockedFacilitator() ?? session.facilitator, action, subject, data: { sessionId: session.id, ...data } });
  }

  requireSession(id: string): Session {
    const session = this.sessions.get(id);
    if (!session) throw new KioskError('not_found', message('session.notFound'), { sessionId: id });
    return session;
  }

  requireOpenSession(id: string): Session {
    const session = this.requireSession(id);
    if (session.status !== 'open') {
      throw new KioskError('session_closed', message('session.ended', { department: session.department }), {
        sessionId: id,
      });
    }
    return session;
  }

  requireAttendee(session: Session, attendeeId: string): RosterEntry {
    const entry = this.roster.get(attendeeId);
    if (!entry || entry.sessionId !== session.id) {
      throw new KioskError('not_found', message('session.notOnRoster'), { sessionId: session.id, attendeeId });
    }
    return entry;
  }

  photosFor(session: Session): PhotoResolver {
    return session.training ? this.trainingPhotos : this.configuredPhotos;
  }

  /** Every attendee of a session with their steps, in roster order. */
  rowsOf(session: Session): ReportRow[] {
    const photos = this.photosFor(session);
    const steps = this.steps.listBySession(session.id);
    const enrollments = this.facts.listBySession(session.id, ENROLLMENT_FACT, enrollmentSchema);
    return this.roster.listBySession(session.id).map((entry) => ({
      attendee: attendeeView(entry, photos),
      steps: steps.get(entry.id) ?? pendingStates(),
      enrollment: enrollments.get(entry.id) ?? null,
    }));
  }

  /** Tells the screens to redraw; call after the change is committed. */
  publishBoard(sessionId: string, attendeeId: string | null): void {
    this.events.publish('board.changed', { sessionId, attendeeId });
  }

  publishSession(sessionId: string): void {
    this.events.publish('session.changed', { sessionId });
    this.events.publish('board.changed', { sessionId, attendeeId: null });
  }
}
