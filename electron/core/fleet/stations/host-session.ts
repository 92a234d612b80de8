import type { FleetDb } from '../fleet-db';

/** An attendee of the host's roster, as the fleet holds it. */
export interface HostAttendee {
  badgeId: string;
  givenName: string;
  familyName: string;
  email: string;
  department: string;
  manager: string;
  position: number;
}

/** A host's shared session as the fleet holds it, and its roster: what a joining station copies. */
export interface SharedSessionInFleet {
  hostKioskId: string;
  hostName: string;
  sessionId: string;
  department: string;
  room: string;
  plannedMinutes: number;
  startedAt: string;
  training: boolean;
  roster: HostAttendee[];
}

/** The open session shared under `joinCode`, or null when no open session has it. */
export async function findSharedSession(fleet: FleetDb, joinCode: string): Promise<SharedSessionInFleet | null> {
  const found = await fleet.query<{
    kiosk_id: string;
    name: string;
    session_local_id: string;
    department: string;
    room: string;
    planned_minutes: number;
    started_at: Date;
    training: boolean;
  }>(
    `SELECT ss.kiosk_id, COALESCE(k.name, ss.kiosk_id) AS name, ss.session_local_id, s.department, s.room, s.planned_minutes, s.started_at, s.training
     FROM fleet.shared_sessions ss
     JOIN fleet.sessions s ON s.kiosk_id = ss.kiosk_id AND s.local_id = ss.session_local_id
     LEFT JOIN fleet.kiosks k ON k.kiosk_id = ss.kiosk_id
     WHERE ss.join_code = $1 AND ss.closed_at IS NULL AND s.status = 'open'`,
    [joinCode],
  );
  const host = found.rows[0];
  if (!host) return null;
  return {
    hostKioskId: host.kiosk_id,
    hostName: host.name,
    sessionId: host.session_local_id,
    department: host.department,
    room: host.room,
    plannedMinutes: host.planned_minutes,
    startedAt: host.started_at.toISOString(),
    training: host.training,
    roster: await hostRoster(fleet, host.kiosk_id, host.session_local_id),
  };
}

/** The host session's roster in the fleet (replicated from the host), in its order. */
export async function hostRoster(fleet: FleetDb, hostKioskId: string, hostSessionId: string): Promise<HostAttendee[]> {
  const roster = await fleet.query<{ badge_id: string; given_name: string; family_name: string; email: string; department: string; manager: string; position: number }>(
    `SELECT badge_id, given_name, family_name, email, department, manager, position FROM fleet.attendees
     WHERE kiosk_id = $1 AND session_local_id = $2 ORDER BY position`,
    [hostKioskId, hostSessionId],
  );
  return roster.rows.map((r) => ({
    badgeId: r.badge_id,
    givenName: r.given_name,
    familyName: r.family_name,
    email: r.email,
    department: r.department,
    manager: r.manager,
    position: r.position,
  }));
}

/** Notes the joining station in the fleet, so every station's board lists it (a second note changes nothing). */
export async function noteStation(fleet: FleetDb, host: SharedSessionInFleet, sessionId: string, joinedBy: string): Promise<void> {
  await fleet.query(
    `INSERT INTO fleet.session_stations (host_kiosk_id, host_session_local_id, session_local_id, joined_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [host.hostKioskId, host.sessionId, sessionId, joinedBy],
  );
}
