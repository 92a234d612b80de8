import type { BoardRow, Session } from '../../../shared/domain/session';
import type { SharedBoard, Station } from '../../../shared/domain/stations';
import type { RosterEntry } from '../store/roster-repository';
import type { ReportRow } from './report/build-report';

/** Whether this station may check an attendee of a shared session in. */
export type ClaimDecision =
  | { kind: 'notShared' }
  | { kind: 'claimed' }
  | { kind: 'heldElsewhere'; station: string; claimedAt: string }
  /** The fleet is out of reach: a new claim needs the facilitator's override. */
  | { kind: 'unavailable' };

/**
 * What the session capability asks of the stations that share a session (the fleet's
 * capability provides it; without a fleet, nothing is shared). Kept here so the session code
 * does not import the fleet's.
 */
export interface SharedSessionPort {
  /** Claims the attendee for this station before its badge check goes on. */
  claim(session: Session, entry: RosterEntry): Promise<ClaimDecision>;
  /** A station takes the attendees its host added since it joined; true when there were any. */
  refreshRoster(session: Session): Promise<boolean>;
  /** The board's rows merged with the other stations' progress, and the session's place among stations. */
  board(session: Session, rows: ReportRow[]): Promise<{ rows: BoardRow[]; shared: SharedBoard | null }>;
  /** Attendees other stations hold, by badge, as far as the fleet can say now (empty when it cannot). */
  heldElsewhere(session: Session): Promise<Map<string, Station>>;
  /** The session ended here: a host stops taking stations. */
  ended(session: Session): Promise<void>;
}

/** A kiosk without a fleet: every session is its own. */
export const unsharedSessions: SharedSessionPort = {
  claim: () => Promise.resolve({ kind: 'notShared' }),
  refreshRoster: () => Promise.resolve(false),
  board: (_session, rows) => Promise.resolve({ rows: rows.map((row) => ({ ...row, station: null, doubleClaim: null })), shared: null }),
  heldElsewhere: () => Promise.resolve(new Map()),
  ended: () => Promise.resolve(),
};
