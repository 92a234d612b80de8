import type { FleetMigration } from '../fleet-migrate';

/**
 * The steps as they were when this migration shipped, with their column names; frozen here (a
 * shipped migration never changes): a step the step table adds later needs a migration of its
 * own, and a unit test holds this list to the step table so that cannot be forgotten.
 */
export const reportStepColumns = [
  { step: 'badge', column: 'badge' },
  { step: 'platformPasskey', column: 'platform_passkey' },
  { step: 'backupKey', column: 'backup_key' },
  { step: 'recoveryCodes', column: 'recovery_codes' },
  { step: 'envelope', column: 'envelope' },
] as const;
/** Step statuses the report counts; pending and in progress are what is left of the attendees. */
const reportStatuses = ['done', 'skipped', 'failed'] as const;

/** Every counter of the report, in one order: an attendee's own row holds 0/1 in each, a group the sums. */
const counters = ['attendees', 'complete', ...reportStepColumns.flatMap(({ column }) => reportStatuses.map((status) => `${column}_${status}`))];
const groupKey = ['training', 'department', 'site', 'kiosk_id', 'week'];
const list = (names: readonly string[], each: (name: string) => string, separator = ', ') => names.map(each).join(separator);

/** The attendee's counters from their steps (a step without a row is pending); complete = every step done. */
const freshCounters = [
  '1 AS attendees',
  `(count(*) FILTER (WHERE st.status = 'done' AND st.step IN (${list(reportStepColumns.map((s) => s.step), (s) => `'${s}'`)})) = ${reportStepColumns.length})::int AS complete`,
  ...reportStepColumns.flatMap(({ step, column }) =>
    reportStatuses.map((status) => `(count(*) FILTER (WHERE st.step = '${step}' AND st.status = '${status}'))::int AS ${column}_${status}`),
  ),
].join(',\n          ');

/**
 * Which replicated rows make which attendees' counts change: each becomes a SECURITY DEFINER
 * function and statement triggers with a transition table (one event each, as PostgreSQL
 * requires), so a batch of 500 rows recounts its attendees once, in one statement. `recount`
 * selects the attendees' (kiosk_id, local_id) from `changed`.
 */
const recountTriggers = [
  { name: 'steps', table: 'fleet.attendee_steps', events: ['INSERT', 'UPDATE'], recount: 'SELECT kiosk_id, attendee_local_id AS local_id FROM changed' },
  { name: 'attendees', table: 'fleet.attendees', events: ['INSERT', 'UPDATE'], recount: 'SELECT kiosk_id, local_id FROM changed' },
  // A session's site, start (its week) and training flag are its attendees' group.
  {
    name: 'sessions',
    table: 'fleet.sessions',
    events: ['INSERT', 'UPDATE'],
    recount: 'SELECT a.kiosk_id, a.local_id FROM changed s JOIN fleet.attendees a ON a.kiosk_id = s.kiosk_id AND a.session_local_id = s.local_id',
  },
  // A claim decides which station's copy of the attendee counts: every copy is recounted.
  {
    name: 'claims',
    table: 'fleet.claims',
    events: ['INSERT'],
    recount: `SELECT a.kiosk_id, a.local_id FROM (
        SELECT c.host_kiosk_id AS kiosk_id, c.host_session_local_id AS session_local_id, c.badge_id FROM changed c
        UNION
        SELECT ss.kiosk_id, ss.session_local_id, c.badge_id FROM changed c
        JOIN fleet.session_stations ss ON ss.host_kiosk_id = c.host_kiosk_id AND ss.host_session_local_id = c.host_session_local_id
      ) AS copies
      JOIN fleet.attendees a ON a.kiosk_id = copies.kiosk_id AND a.session_local_id = copies.session_local_id AND a.badge_id = copies.badge_id`,
  },
  // A station that joins turns its roster copy into a station's copy.
  {
    name: 'stations',
    table: 'fleet.session_stations',
    events: ['INSERT'],
    recount: 'SELECT a.kiosk_id, a.local_id FROM changed ss JOIN fleet.attendees a ON a.kiosk_id = ss.kiosk_id AND a.session_local_id = ss.session_local_id',
  },
] as const;

const recountTrigger = ({ name, table, events, recount }: (typeof recountTriggers)[number]) => `
    CREATE FUNCTION fleet.report_${name}_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    BEGIN
      PERFORM fleet.report_recount(array_agg(t.kiosk_id), array_agg(t.local_id)) FROM (${recount}) AS t;
      RETURN NULL;
    END
    $fn$;
    REVOKE ALL ON FUNCTION fleet.report_${name}_changed() FROM PUBLIC;
    ${events
      .map(
        (event) => `CREATE TRIGGER report_${name}_${event === 'INSERT' ? 'inserted' : 'updated'} AFTER ${event} ON ${table} REFERENCING NEW TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION fleet.report_${name}_changed();`,
      )
      .join('\n    ')}`;

/**
 * The fleet report reads a small table instead of every step of every attendee: report_counts
 * holds one row per (training, department, site, kiosk, ISO week) with the sums of its
 * attendees' counters, and report_attendees each attendee's own counters and group. Triggers on
 * the replicated rows recount the attendees a statement touched and move only the difference
 * (new minus old) into report_counts, so a replayed batch, an update or a step arriving before
 * its attendee leaves the sums exact.
 *
 * Kiosks only read these tables. The triggers' functions are SECURITY DEFINER, owned by the
 * schema's owner (who runs migrations), and take the kiosk_id of rows that row-level security
 * has already let the kiosk write, so a kiosk can neither write report rows directly nor make
 * a trigger count another kiosk's. A per-kiosk advisory lock orders transactions recounting the
 * same kiosk's attendees (a claim at one station recounts the other stations' copies too).
 * A shared session's roster is in the fleet once per station; each attendee counts once, in
 * the copy of the station that claimed them.
 */
export const fleetReport: FleetMigration = {
  version: 5,
  name: 'fleet-report',
  sql: `
    CREATE TABLE fleet.report_attendees (
      kiosk_id text NOT NULL,
      attendee_local_id text NOT NULL,
      training boolean NOT NULL,
      department text NOT NULL,
      site text NOT NULL,
      week text NOT NULL,
      ${list(counters, (c) => `${c} integer NOT NULL`, ',\n      ')},
      PRIMARY KEY (kiosk_id, attendee_local_id)
    );

    CREATE TABLE fleet.report_counts (
      training boolean NOT NULL,
      department text NOT NULL,
      site text NOT NULL,
      kiosk_id text NOT NULL,
      week text NOT NULL,
      ${list(counters, (c) => `${c} integer NOT NULL`, ',\n      ')},
      PRIMARY KEY (${groupKey.join(', ')})
    );

    CREATE FUNCTION fleet.report_recount(kiosk_ids text[], attendee_ids text[]) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
    BEGIN
      PERFORM pg_advisory_xact_lock(1380995668, hashtext(k)) FROM (SELECT DISTINCT k FROM unnest(kiosk_ids) AS u(k) ORDER BY k) AS ordered;
      WITH touched AS (
        SELECT DISTINCT k AS kiosk_id, a AS attendee_local_id FROM unnest(kiosk_ids, attendee_ids) AS t(k, a)
      ),
      fresh AS (
        SELECT a.kiosk_id, a.local_id AS attendee_local_id, s.training, a.department, s.site,
          to_char(s.started_at AT TIME ZONE 'UTC', 'IYYY-"W"IW') AS week,
          ${freshCounters}
        FROM touched t
        -- A shared session's roster is in the fleet once per station: the view keeps each
        -- attendee once, in the copy of the station that claimed them.
        JOIN fleet.counted_attendees a ON a.kiosk_id = t.kiosk_id AND a.local_id = t.attendee_local_id
        JOIN fleet.sessions s ON s.kiosk_id = a.kiosk_id AND s.local_id = a.session_local_id
        LEFT JOIN fleet.attendee_steps st ON st.kiosk_id = a.kiosk_id AND st.attendee_local_id = a.local_id
        GROUP BY a.kiosk_id, a.local_id, s.training, a.department, s.site, s.started_at
      ),
      previous AS (
        SELECT r.* FROM fleet.report_attendees r JOIN touched t USING (kiosk_id, attendee_local_id)
      ),
      delta AS (
        SELECT ${groupKey.join(', ')}, ${list(counters, (c) => `sum(${c})::int AS ${c}`)}
        FROM (
          SELECT ${groupKey.join(', ')}, ${counters.join(', ')} FROM fresh
          UNION ALL
          SELECT ${groupKey.join(', ')}, ${list(counters, (c) => `-${c}`)} FROM previous
        ) AS both_sides
        GROUP BY ${groupKey.join(', ')}
        HAVING ${list(counters, (c) => `sum(${c}) <> 0`, ' OR ')}
      ),
      counted AS (
        INSERT INTO fleet.report_counts AS c SELECT * FROM delta
        ON CONFLICT (${groupKey.join(', ')}) DO UPDATE SET ${list(counters, (c) => `${c} = c.${c} + EXCLUDED.${c}`)}
      ),
      -- An attendee another station has claimed meanwhile no longer counts in this copy.
      dropped AS (
        DELETE FROM fleet.report_attendees r USING previous p
        WHERE r.kiosk_id = p.kiosk_id AND r.attendee_local_id = p.attendee_local_id
          AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.kiosk_id = p.kiosk_id AND f.attendee_local_id = p.attendee_local_id)
      )
      INSERT INTO fleet.report_attendees AS r
      SELECT kiosk_id, attendee_local_id, ${groupKey.filter((k) => k !== 'kiosk_id').join(', ')}, ${counters.join(', ')} FROM fresh
      ON CONFLICT (kiosk_id, attendee_local_id) DO UPDATE SET
        ${list([...groupKey.filter((k) => k !== 'kiosk_id'), ...counters], (c) => `${c} = EXCLUDED.${c}`)};
    END
    $fn$;

    REVOKE ALL ON FUNCTION fleet.report_recount(text[], text[]) FROM PUBLIC;

    ${recountTriggers.map(recountTrigger).join('\n')}

    GRANT SELECT ON fleet.report_attendees, fleet.report_counts TO fleet_kiosk;

    -- What the fleet already holds, counted once.
    SELECT fleet.report_recount(array_agg(kiosk_id), array_agg(local_id)) FROM fleet.attendees;
  `,
};
