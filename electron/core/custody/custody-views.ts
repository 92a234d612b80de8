import type { CustodyList, CustodyRecord, CustodySource, Envelope, EnvelopeLabel, EnvelopeOwner } from '../../../shared/domain/custody';
import { envelopeStates } from '../../../shared/domain/custody';
import type { Session } from '../../../shared/domain/session';
import { EnvelopesRepository, type EnvelopeFilter } from '../store/envelopes-repository';
import type { Db } from '../store/open-database';
import { RosterRepository } from '../store/roster-repository';
import { SessionsRepository } from '../store/sessions-repository';
import { isFinal, nextStates } from './envelope-transitions';

/**
 * What IT sees of an envelope: the envelope joined with its owner from the roster (names are
 * not copied onto the envelope) and its session. IT is not an attendee, so it sees the name
 * and department it needs to hand the key to the right person, nothing more.
 */
export class CustodyViews {
  private readonly envelopes: EnvelopesRepository;
  private readonly roster: RosterRepository;
  private readonly sessions: SessionsRepository;

  constructor(db: Db) {
    this.envelopes = new EnvelopesRepository(db);
    this.roster = new RosterRepository(db);
    this.sessions = new SessionsRepository(db);
  }

  record(envelope: Envelope): CustodyRecord {
    const session = this.session(envelope.sessionId);
    return {
      envelope,
      owner: this.owner(envelope),
      session: { id: session.id, department: session.department, facilitator: session.facilitator, startedAt: session.startedAt },
      history: this.envelopes.history(envelope.id),
      next: [...nextStates(envelope.state)],
      reprintable: !isFinal(envelope.state),
      fleet: null,
    };
  }

  /** This kiosk's own envelopes (`source` says whether that is all there is, or the fleet is away). */
  list(filter: EnvelopeFilter, source: CustodySource = 'kiosk'): CustodyList {
    const counts = this.envelopes.counts(filter.sessionId ?? null);
    return {
      envelopes: this.envelopes.list(filter).map((envelope) => ({ envelope, owner: this.owner(envelope), sealedAtKiosk: null })),
      sessions: this.envelopes.sessionsWithEnvelopes().map(({ sessionId, envelopes }) => {
        const session = this.session(sessionId);
        return { id: session.id, department: session.department, facilitator: session.facilitator, startedAt: session.startedAt, envelopes, kiosk: null };
      }),
      counts: Object.fromEntries(envelopeStates.map((state) => [state, counts.byState.get(state) ?? 0])) as CustodyList['counts'],
      labelMissing: counts.labelMissing,
      source,
    };
  }

  /** What the envelope's current label carries (the seal date, not today's). */
  label(envelope: Envelope): EnvelopeLabel {
    const owner = this.owner(envelope);
    return {
      code: envelope.code,
      sealNumber: envelope.sealNumber,
      givenName: owner.givenName,
      familyName: owner.familyName,
      department: owner.department,
      keyModel: envelope.keyModel,
      fingerprint: envelope.fingerprint,
      sealedAt: envelope.createdAt,
      facilitator: this.session(envelope.sessionId).facilitator,
      printNumber: envelope.labelPrints,
      reprint: envelope.labelPrints > 1,
    };
  }

  /** The foreign keys guarantee both rows; a miss means a damaged file, not a person's mistake. */
  private owner(envelope: Envelope): EnvelopeOwner {
    const entry = this.roster.get(envelope.attendeeId);
    if (!entry) throw new Error(`Envelope ${envelope.code} points at attendee ${envelope.attendeeId}, who is not in the roster.`);
    return { givenName: entry.givenName, familyName: entry.familyName, department: entry.department, badgeId: entry.badgeId };
  }

  private session(id: string): Session {
    const session = this.sessions.get(id);
    if (!session) throw new Error(`Envelope session ${id} is missing from the sessions table.`);
    return session;
  }
}
