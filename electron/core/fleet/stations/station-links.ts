import type { Statement } from 'better-sqlite3';
import type { Db } from '../../store/open-database';
import { statementCache } from '../../store/statement-cache';

/** A local session's place in a shared session: the host's own, or a station's copy. */
export interface StationLink {
  sessionId: string;
  role: 'host' | 'station';
  hostKioskId: string;
  hostName: string;
  hostSessionId: string;
  joinCode: string;
}

/** An attendee this station claimed; an override waits for the fleet until pushedAt. */
export interface LocalClaim {
  sessionId: string;
  badgeId: string;
  attendeeId: string;
  claimedAt: string;
  claimedBy: string;
  overrideReason: string | null;
  pushedAt: string | null;
  heldBy: string | null;
}

interface ClaimRow {
  session_id: string;
  badge_id: string;
  attendee_id: string;
  claimed_at: string;
  claimed_by: string;
  override_reason: string | null;
  pushed_at: string | null;
  held_by: string | null;
}

const claimOf = (r: ClaimRow): LocalClaim => ({
  sessionId: r.session_id,
  badgeId: r.badge_id,
  attendeeId: r.attendee_id,
  claimedAt: r.claimed_at,
  claimedBy: r.claimed_by,
  overrideReason: r.override_reason,
  pushedAt: r.pushed_at,
  heldBy: r.held_by,
});

/** The station_sessions and station_claims tables (local migration 15). */
export class StationLinks {
  private readonly sql: (sql: string) => Statement;

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  get(sessionId: string): StationLink | null {
    const row = this.sql('SELECT session_id, role, host_kiosk_id, host_name, host_session_id, join_code FROM station_sessions WHERE session_id = ?').get(sessionId) as
      | { session_id: string; role: 'host' | 'station'; host_kiosk_id: string; host_name: string; host_session_id: string; join_code: string }
      | undefined;
    return row
      ? { sessionId: row.session_id, role: row.role, hostKioskId: row.host_kiosk_id, hostName: row.host_name, hostSessionId: row.host_session_id, joinCode: row.join_code }
      : null;
  }

  insert(link: StationLink, at: string): void {
    this.sql('INSERT INTO station_sessions (session_id, role, host_kiosk_id, host_name, host_session_id, join_code, linked_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      link.sessionId,
      link.role,
      link.hostKioskId,
      link.hostName,
      link.hostSessionId,
      link.joinCode,
      at,
    );
  }

  claim(sessionId: string, badgeId: string): LocalClaim | null {
    const row = this.sql('SELECT * FROM station_claims WHERE session_id = ? AND badge_id = ?').get(sessionId, badgeId) as ClaimRow | undefined;
    return row ? claimOf(row) : null;
  }

  claims(sessionId: string): LocalClaim[] {
    return (this.sql('SELECT * FROM station_claims WHERE session_id = ?').all(sessionId) as ClaimRow[]).map(claimOf);
  }

  /** A claim the fleet took (pushedAt set) or an override that waits for it (pushedAt null); a second one changes nothing. */
  insertClaim(claim: Omit<LocalClaim, 'heldBy'>): void {
    this.sql(
      `INSERT INTO station_claims (session_id, badge_id, attendee_id, claimed_at, claimed_by, override_reason, pushed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, badge_id) DO NOTHING`,
    ).run(claim.sessionId, claim.badgeId, claim.attendeeId, claim.claimedAt, claim.claimedBy, claim.overrideReason, claim.pushedAt);
  }

  /** Overrides still waiting for the fleet, with their session's link. */
  waitingOverrides(): (LocalClaim & { link: StationLink })[] {
    const rows = this.sql('SELECT * FROM station_claims WHERE pushed_at IS NULL ORDER BY claimed_at').all() as ClaimRow[];
    return rows.flatMap((row) => {
      const link = this.get(row.session_id);
      return link ? [{ ...claimOf(row), link }] : [];
    });
  }

  /** The fleet took the override; heldBy names the other station when it held the attendee first. */
  pushed(sessionId: string, badgeId: string, at: string, heldBy: string | null): void {
    this.sql('UPDATE station_claims SET pushed_at = ?, held_by = ? WHERE session_id = ? AND badge_id = ?').run(at, heldBy, sessionId, badgeId);
  }
}
