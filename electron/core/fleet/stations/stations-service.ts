import { KioskError } from '../../../../shared/contract/errors';
import { message } from '../../../../shared/contract/messages';
import type { BoardRow, Session } from '../../../../shared/domain/session';
import type { SharedBoard, Station } from '../../../../shared/domain/stations';
import type { Clock } from '../../ports/clock';
import type { ReportRow } from '../../session/report/build-report';
import type { ClaimDecision, SharedSessionPort } from '../../session/shared-session-port';
import type { AuditLog } from '../../store/audit-log';
import type { Db } from '../../store/open-database';
import { RosterRepository, type RosterEntry } from '../../store/roster-repository';
import { isConnectionProblem, type FleetDb } from '../fleet-db';
import type { FleetRuntime } from '../fleet-runtime';
import { claimBadge } from './fleet-claims';
import { hostRoster } from './host-session';
import { newJoinCode } from './join-code';
import { mergeRows, readFleetBoard } from './shared-board';
import { StationLinks, type StationLink } from './station-links';
import { copyHostRoster } from './station-roster';

export interface StationsOptions {
  db: Db;
  audit: AuditLog;
  fleet: FleetRuntime;
  clock: Clock;
  /** How often overrides made during an outage are offered to the fleet again. */
  pushEveryMs?: number;
  onInternalError: (name: string, error: unknown) => void;
}

/** Attempts at a join code before giving up: 25^6 codes make a second attempt already rare. */
const CODE_ATTEMPTS = 5;

/**
 * Stations of a fleet sharing one session: the host's join code, the claims that give each
 * attendee to one station, the board merged across stations, and overrides made during an
 * outage pushed once the fleet is back. Enrolment never waits for it: only a new claim does.
 */
export class StationsService implements SharedSessionPort {
  readonly links: StationLinks;
  private readonly timer: NodeJS.Timeout | null;
  private pushing: Promise<void> | null = null;

  constructor(private readonly options: StationsOptions) {
    this.links = new StationLinks(options.db);
    this.timer = options.fleet.config ? setInterval(() => void this.pushOverrides(), options.pushEveryMs ?? 5_000).unref() : null;
  }

  /** This kiosk as other stations name it; null without a fleet. */
  here(): Station | null {
    const config = this.options.fleet.config;
    return config ? { kioskId: config.user, name: config.kioskName } : null;
  }

  private nowIso(): string {
    return this.options.clock.now().toISOString();
  }

  /** Runs work on the fleet, or says clearly why it cannot: no fleet, or not reachable now. */
  async reach<T>(work: (fleet: FleetDb) => Promise<T>): Promise<T> {
    if (!this.options.fleet.config) throw new KioskError('unavailable', message('stations.noFleet'));
    const fleet = this.options.fleet.db();
    if (!fleet) throw this.unreachable(this.options.fleet.status().problem?.params['problem'] ?? 'not connected yet');
    try {
      return await work(fleet);
    } catch (error) {
      if (isConnectionProblem(error)) throw this.unreachable((error as Error).message);
      throw error;
    }
  }

  async claim(session: Session, entry: RosterEntry): Promise<ClaimDecision> {
    const link = this.links.get(session.id);
    if (!link) return { kind: 'notShared' };
    if (this.links.claim(session.id, entry.badgeId)) return { kind: 'claimed' };
    try {
      const holder = await this.reach((fleet) => claimBadge(fleet, link, entry.badgeId, { claimedBy: session.facilitator }));
      if (holder.kioskId !== this.here()?.kioskId) return { kind: 'heldElsewhere', station: holder.name, claimedAt: holder.claimedAt };
      this.links.insertClaim({ sessionId: session.id, badgeId: entry.badgeId, attendeeId: entry.id, claimedAt: holder.claimedAt, claimedBy: session.facilitator, overrideReason: null, pushedAt: this.nowIso() });
      return { kind: 'claimed' };
    } catch (error) {
      if (error instanceof KioskError && error.code === 'unavailable') return { kind: 'unavailable' };
      throw error;
    }
  }

  /** Checks the attendee in here although the fleet cannot say who holds them; pushed once it can. */
  recordOverride(link: StationLink, entry: RosterEntry, claimedBy: string, reason: string): void {
    this.links.insertClaim({ sessionId: link.sessionId, badgeId: entry.badgeId, attendeeId: entry.id, claimedAt: this.nowIso(), claimedBy, overrideReason: reason, pushedAt: null });
  }

  /** Offers the fleet every override still waiting; a collision becomes a double claim. Quiet while the fleet is away. */
  pushOverrides(): Promise<void> {
    this.pushing ??= this.pushWaiting().finally(() => (this.pushing = null));
    return this.pushing;
  }

  private async pushWaiting(): Promise<void> {
    const fleet = this.options.fleet.db();
    if (!fleet) return;
    for (const waiting of this.links.waitingOverrides()) {
      try {
        const override = { claimedAt: waiting.claimedAt, reason: waiting.overrideReason ?? '' };
        const holder = await claimBadge(fleet, waiting.link, waiting.badgeId, { claimedBy: waiting.claimedBy, override });
        this.links.pushed(waiting.sessionId, waiting.badgeId, this.nowIso(), holder.kioskId === fleet.kioskId ? null : holder.kioskId);
      } catch (error) {
        if (!isConnectionProblem(error)) this.options.onInternalError('stations.push', error);
        return;
      }
    }
  }

  /**
   * A station's copy of the roster takes the attendees the host added since (a second import);
   * false when none were added or the fleet cannot say.
   */
  async refreshRoster(session: Session): Promise<boolean> {
    const link = this.links.get(session.id);
    if (link?.role !== 'station') return false;
    let attendees;
    try {
      attendees = await this.reach((fleet) => hostRoster(fleet, link.hostKioskId, link.hostSessionId));
    } catch (error) {
      if (error instanceof KioskError && error.code === 'unavailable') return false;
      throw error;
    }
    const roster = new RosterRepository(this.options.db);
    const added = this.options.db.transaction(() => {
      const count = copyHostRoster(roster, session.id, attendees);
      if (count > 0) {
        this.options.audit.append({ actor: session.facilitator, action: 'roster.copy', subject: session.id, data: { sessionId: session.id, hostKiosk: link.hostKioskId, hostSession: link.hostSessionId, added: count } });
      }
      return count;
    })();
    return added > 0;
  }

  async board(session: Session, rows: ReportRow[]): Promise<{ rows: BoardRow[]; shared: SharedBoard | null }> {
    const here = this.here();
    const unmarked = rows.map((row) => ({ ...row, station: null, doubleClaim: null }));
    if (!here) return { rows: unmarked, shared: null };
    const link = this.links.get(session.id);
    if (!link) {
      return { rows: unmarked, shared: { joinCode: null, role: 'host', host: here, stations: [], reachable: this.options.fleet.status().connected } };
    }
    await this.pushOverrides();
    try {
      const fleetBoard = await this.reach((fleet) => readFleetBoard(fleet, link));
      const merged = mergeRows(rows, fleetBoard, here.kioskId);
      return { rows: this.markOwn(link, merged, here), shared: { joinCode: link.joinCode, role: link.role, host: fleetBoard.host, stations: fleetBoard.stations, reachable: true } };
    } catch (error) {
      if (!(error instanceof KioskError && error.code === 'unavailable')) throw error;
      const host = { kioskId: link.hostKioskId, name: link.hostName };
      return { rows: this.markOwn(link, unmarked, here), shared: { joinCode: link.joinCode, role: link.role, host, stations: [], reachable: false } };
    }
  }

  /** Attendees this station claimed that the fleet does not know of yet (overrides waiting) are marked as here. */
  private markOwn(link: StationLink, rows: BoardRow[], here: Station): BoardRow[] {
    const own = new Set(this.links.claims(link.sessionId).map((claim) => claim.badgeId));
    return rows.map((row) => (row.station === null && own.has(row.attendee.badgeId) ? { ...row, station: { ...here, here: true } } : row));
  }

  async heldElsewhere(session: Session): Promise<Map<string, Station>> {
    const link = this.links.get(session.id);
    if (!link) return new Map();
    try {
      const held = await this.reach((fleet) =>
        fleet.query<{ badge_id: string; kiosk_id: string; name: string }>(
          `SELECT c.badge_id, c.kiosk_id, COALESCE(k.name, c.kiosk_id) AS name FROM fleet.claims c LEFT JOIN fleet.kiosks k ON k.kiosk_id = c.kiosk_id
           WHERE c.host_kiosk_id = $1 AND c.host_session_local_id = $2 AND c.kiosk_id <> current_user`,
          [link.hostKioskId, link.hostSessionId],
        ),
      );
      return new Map(held.rows.map((r) => [r.badge_id, { kioskId: r.kiosk_id, name: r.name }]));
    } catch (error) {
      if (error instanceof KioskError && error.code === 'unavailable') return new Map();
      throw error;
    }
  }

  async ended(session: Session): Promise<void> {
    const link = this.links.get(session.id);
    if (link?.role !== 'host') return;
    // Best effort: a join also needs the host session open in fleet.sessions, which replication brings.
    await this.reach((fleet) => fleet.query('UPDATE fleet.shared_sessions SET closed_at = now() WHERE kiosk_id = current_user AND session_local_id = $1 AND closed_at IS NULL', [session.id])).catch(
      (error: unknown) => {
        if (!(error instanceof KioskError)) throw error;
      },
    );
  }

  /**
   * Gives the host's session a join code in the fleet (the same one again once shared), with
   * the session and its roster sent first so a station joining at once finds them, and with
   * the attendees already checked in here claimed for this kiosk.
   */
  async shareInFleet(session: Session, checkedIn: readonly RosterEntry[]): Promise<{ joinCode: string; host: Station }> {
    return this.reach(async (fleet) => {
      await this.options.fleet.flush();
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await fleet.transaction(async (client) => {
            const known = await client.query<{ join_code: string }>('SELECT join_code FROM fleet.shared_sessions WHERE kiosk_id = current_user AND session_local_id = $1', [session.id]);
            const joinCode = known.rows[0]?.join_code ?? newJoinCode();
            if (!known.rows[0]) await client.query('INSERT INTO fleet.shared_sessions (session_local_id, join_code) VALUES ($1, $2)', [session.id, joinCode]);
            for (const entry of checkedIn) {
              await client.query(
                'INSERT INTO fleet.claims (host_kiosk_id, host_session_local_id, badge_id, claimed_by) VALUES (current_user, $1, $2, $3) ON CONFLICT DO NOTHING',
                [session.id, entry.badgeId, session.facilitator],
              );
            }
            return { joinCode, host: { kioskId: fleet.kioskId, name: this.options.fleet.config?.kioskName ?? fleet.kioskId } };
          });
        } catch (error) {
          // Another open session took this code a moment ago: draw another.
          if ((error as { code?: string }).code !== '23505' || attempt >= CODE_ATTEMPTS) throw error;
        }
      }
    });
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.pushing;
  }

  private unreachable(problem: string | number): KioskError {
    return new KioskError('unavailable', message('stations.unreachable', { problem: String(problem) }));
  }
}
