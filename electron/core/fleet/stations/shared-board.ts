import type { BoardRow } from '../../../../shared/domain/session';
import type { DoubleClaim, Station } from '../../../../shared/domain/stations';
import { stepIdSchema, stepReasonSchema, stepStatusSchema, type StepState } from '../../../../shared/domain/steps';
import type { ReportRow } from '../../session/report/build-report';
import { pendingStates } from '../../store/steps-repository';
import type { FleetDb } from '../fleet-db';
import type { StationLink } from './station-links';

/** What the fleet knows of a shared session, for one station's board. */
export interface FleetBoard {
  host: Station;
  stations: Station[];
  holders: Map<string, Station & { claimedAt: string }>;
  /** Steps of attendees other stations hold, by badge. */
  stepsElsewhere: Map<string, Record<string, StepState>>;
  doubleClaims: Map<string, DoubleClaim>;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/**
 * Reads the shared session from the fleet: its stations, who holds each claimed badge, the
 * steps other stations recorded for the attendees they hold (replicated fleet.attendee_steps,
 * found by badge in the holder's own copy of the session) and the double claims.
 */
export async function readFleetBoard(fleet: FleetDb, link: StationLink): Promise<FleetBoard> {
  const key = [link.hostKioskId, link.hostSessionId];
  const name = (kioskId: string, known: string | null) => ({ kioskId, name: known ?? kioskId });
  const stationRows = await fleet.query<{ kiosk_id: string; name: string | null; host: boolean }>(
    `SELECT $1::text AS kiosk_id, (SELECT name FROM fleet.kiosks WHERE kiosk_id = $1) AS name, true AS host
     UNION ALL
     SELECT s.kiosk_id, k.name, false FROM fleet.session_stations s LEFT JOIN fleet.kiosks k ON k.kiosk_id = s.kiosk_id
     WHERE s.host_kiosk_id = $1 AND s.host_session_local_id = $2`,
    key,
  );
  const all = stationRows.rows.map((r) => name(r.kiosk_id, r.name));
  const byId = new Map(all.map((s) => [s.kioskId, s]));
  const station = (kioskId: string) => byId.get(kioskId) ?? { kioskId, name: kioskId };

  const claims = await fleet.query<{ kiosk_id: string; badge_id: string; claimed_at: Date }>(
    'SELECT kiosk_id, badge_id, claimed_at FROM fleet.claims WHERE host_kiosk_id = $1 AND host_session_local_id = $2',
    key,
  );
  const holders = new Map(claims.rows.map((r) => [r.badge_id, { ...station(r.kiosk_id), claimedAt: iso(r.claimed_at) ?? '' }]));

  const steps = await fleet.query<{ badge_id: string; step: string; status: string; reason_code: string | null; reason_note: string | null; updated_at: Date | null }>(
    `WITH copies AS (
       SELECT $1::text AS kiosk_id, $2::text AS session_local_id
       UNION ALL SELECT kiosk_id, session_local_id FROM fleet.session_stations WHERE host_kiosk_id = $1 AND host_session_local_id = $2)
     SELECT a.badge_id, st.step, st.status, st.reason_code, st.reason_note, st.updated_at
     FROM fleet.claims c
     JOIN copies ON copies.kiosk_id = c.kiosk_id
     JOIN fleet.attendees a ON a.kiosk_id = copies.kiosk_id AND a.session_local_id = copies.session_local_id AND a.badge_id = c.badge_id
     JOIN fleet.attendee_steps st ON st.kiosk_id = a.kiosk_id AND st.attendee_local_id = a.local_id
     WHERE c.host_kiosk_id = $1 AND c.host_session_local_id = $2 AND c.kiosk_id <> current_user`,
    key,
  );
  const stepsElsewhere = new Map<string, Record<string, StepState>>();
  for (const r of steps.rows) {
    const step = stepIdSchema.safeParse(r.step);
    const status = stepStatusSchema.safeParse(r.status);
    if (!step.success || !status.success) continue;
    const reason = r.reason_code ? stepReasonSchema.safeParse({ code: r.reason_code, note: r.reason_note }) : null;
    const states = stepsElsewhere.get(r.badge_id) ?? { ...pendingStates() };
    states[step.data] = { status: status.data, reason: reason?.success ? reason.data : null, updatedAt: iso(r.updated_at) };
    stepsElsewhere.set(r.badge_id, states);
  }

  const doubles = await fleet.query<{ kiosk_id: string; badge_id: string; held_by: string; claimed_at: Date; override_reason: string }>(
    'SELECT kiosk_id, badge_id, held_by, claimed_at, override_reason FROM fleet.double_claims WHERE host_kiosk_id = $1 AND host_session_local_id = $2',
    key,
  );
  const doubleClaims = new Map(
    doubles.rows.map((r) => [r.badge_id, { heldBy: station(r.held_by), overriddenBy: station(r.kiosk_id), reason: r.override_reason, claimedAt: iso(r.claimed_at) ?? '' }]),
  );
  return { host: station(link.hostKioskId), stations: all.filter((s) => s.kioskId !== link.hostKioskId), holders, stepsElsewhere, doubleClaims };
}

/** This station's rows with the fleet's view merged in: each attendee's station, and others' progress. */
export function mergeRows(rows: ReportRow[], board: FleetBoard, here: string): BoardRow[] {
  return rows.map((row) => {
    const holder = board.holders.get(row.attendee.badgeId);
    const elsewhere = holder && holder.kioskId !== here ? board.stepsElsewhere.get(row.attendee.badgeId) : undefined;
    return {
      ...row,
      steps: holder && holder.kioskId !== here ? (elsewhere ?? pendingStates()) : row.steps,
      enrollment: holder && holder.kioskId !== here ? null : row.enrollment,
      station: holder ? { kioskId: holder.kioskId, name: holder.name, here: holder.kioskId === here } : null,
      doubleClaim: board.doubleClaims.get(row.attendee.badgeId) ?? null,
    };
  });
}
