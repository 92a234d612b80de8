import type { FleetDb } from '../fleet-db';
import type { StationLink } from './station-links';

/** Who holds a badge of a shared session in the fleet. */
export interface Holder {
  kioskId: string;
  name: string;
  claimedAt: string;
}

interface HolderRow {
  kiosk_id: string;
  name: string;
  claimed_at: Date;
}

/**
 * Claims a badge of the shared session for this kiosk and says who holds it now: the claims'
 * primary key decides between stations claiming at once, in one transaction. An override made
 * during an outage arrives with its own time and reason; when another station held the
 * attendee first, the collision is recorded (once) as a double claim for both boards.
 */
export async function claimBadge(
  fleet: FleetDb,
  link: StationLink,
  badgeId: string,
  claim: { claimedBy: string; override?: { claimedAt: string; reason: string } },
): Promise<Holder> {
  return fleet.transaction(async (client) => {
    const key = [link.hostKioskId, link.hostSessionId, badgeId];
    await client.query(
      `INSERT INTO fleet.claims (host_kiosk_id, host_session_local_id, badge_id, claimed_by, claimed_at, override_reason)
       VALUES ($1, $2, $3, $4, COALESCE($5::timestamptz, now()), $6) ON CONFLICT DO NOTHING`,
      [...key, claim.claimedBy, claim.override?.claimedAt ?? null, claim.override?.reason ?? null],
    );
    const row = (
      await client.query<HolderRow>(
        `SELECT c.kiosk_id, COALESCE(k.name, c.kiosk_id) AS name, c.claimed_at
         FROM fleet.claims c LEFT JOIN fleet.kiosks k ON k.kiosk_id = c.kiosk_id
         WHERE c.host_kiosk_id = $1 AND c.host_session_local_id = $2 AND c.badge_id = $3`,
        key,
      )
    ).rows[0];
    if (!row) throw new Error(`the claim of badge ${badgeId} is not in the fleet after inserting it`);
    if (claim.override && row.kiosk_id !== fleet.kioskId) {
      await client.query(
        `INSERT INTO fleet.double_claims (host_kiosk_id, host_session_local_id, badge_id, held_by, claimed_at, override_reason)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [...key, row.kiosk_id, claim.override.claimedAt, claim.override.reason],
      );
    }
    return { kioskId: row.kiosk_id, name: row.name, claimedAt: row.claimed_at.toISOString() };
  });
}
