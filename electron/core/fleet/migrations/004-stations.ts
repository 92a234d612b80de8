import type { FleetMigration } from '../fleet-migrate';
import { kioskRowsPolicy } from './kiosk-rows-policy';

/**
 * Several stations serving one session. The host kiosk shares its session under a join code
 * (unique among open shared sessions); stations joining it note themselves; each attendee is
 * claimed by one station, decided by the claims' primary key in one statement; a claim made
 * during an outage that turned out to collide is kept as a double claim for both boards.
 * Sessions and attendees themselves are the replicated fleet.sessions / fleet.attendees.
 */
export const fleetStations: FleetMigration = {
  version: 4,
  name: 'stations',
  sql: `
    CREATE TABLE fleet.shared_sessions (
      kiosk_id text NOT NULL DEFAULT current_user,
      session_local_id text NOT NULL,
      join_code text NOT NULL,
      opened_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz,
      PRIMARY KEY (kiosk_id, session_local_id)
    );
    CREATE UNIQUE INDEX shared_sessions_open_code ON fleet.shared_sessions (join_code) WHERE closed_at IS NULL;

    CREATE TABLE fleet.session_stations (
      kiosk_id text NOT NULL DEFAULT current_user,
      host_kiosk_id text NOT NULL,
      host_session_local_id text NOT NULL,
      session_local_id text NOT NULL,
      joined_at timestamptz NOT NULL DEFAULT now(),
      joined_by text NOT NULL,
      PRIMARY KEY (kiosk_id, session_local_id),
      FOREIGN KEY (host_kiosk_id, host_session_local_id) REFERENCES fleet.shared_sessions (kiosk_id, session_local_id)
    );
    CREATE INDEX session_stations_host ON fleet.session_stations (host_kiosk_id, host_session_local_id);

    CREATE TABLE fleet.claims (
      kiosk_id text NOT NULL DEFAULT current_user,
      host_kiosk_id text NOT NULL,
      host_session_local_id text NOT NULL,
      badge_id text NOT NULL,
      claimed_at timestamptz NOT NULL DEFAULT now(),
      claimed_by text NOT NULL,
      override_reason text,
      PRIMARY KEY (host_kiosk_id, host_session_local_id, badge_id),
      FOREIGN KEY (host_kiosk_id, host_session_local_id) REFERENCES fleet.shared_sessions (kiosk_id, session_local_id)
    );

    CREATE TABLE fleet.double_claims (
      kiosk_id text NOT NULL DEFAULT current_user,
      host_kiosk_id text NOT NULL,
      host_session_local_id text NOT NULL,
      badge_id text NOT NULL,
      held_by text NOT NULL,
      claimed_at timestamptz NOT NULL,
      override_reason text NOT NULL,
      noted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kiosk_id, host_kiosk_id, host_session_local_id, badge_id)
    );
    CREATE INDEX double_claims_host ON fleet.double_claims (host_kiosk_id, host_session_local_id);

    -- Every attendee once: a station's copy of a shared roster counts only the attendees that
    -- station holds, the host's copy the others. Fleet reports count from here, not from
    -- fleet.attendees (which holds each station's copy).
    CREATE VIEW fleet.counted_attendees WITH (security_invoker = true) AS
      SELECT a.* FROM fleet.attendees a
      LEFT JOIN fleet.session_stations st ON st.kiosk_id = a.kiosk_id AND st.session_local_id = a.session_local_id
      LEFT JOIN fleet.claims c
        ON c.host_kiosk_id = COALESCE(st.host_kiosk_id, a.kiosk_id)
       AND c.host_session_local_id = COALESCE(st.host_session_local_id, a.session_local_id)
       AND c.badge_id = a.badge_id
      WHERE (st.kiosk_id IS NULL AND (c.kiosk_id IS NULL OR c.kiosk_id = a.kiosk_id))
         OR (st.kiosk_id IS NOT NULL AND c.kiosk_id = a.kiosk_id);
    GRANT SELECT ON fleet.counted_attendees TO fleet_kiosk;

    ${kioskRowsPolicy('fleet.shared_sessions', { update: true })}
    ${kioskRowsPolicy('fleet.session_stations', { update: false })}
    ${kioskRowsPolicy('fleet.claims', { update: false })}
    ${kioskRowsPolicy('fleet.double_claims', { update: false })}
  `,
};
