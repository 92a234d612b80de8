import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { FleetRows } from '../../electron/core/fleet/change-feed';
import { FleetDb } from '../../electron/core/fleet/fleet-db';
import { migrateFleet } from '../../electron/core/fleet/fleet-migrate';
import { upsertRows } from '../../electron/core/fleet/fleet-upsert';
import { fleetMigrations } from '../../electron/core/fleet/migrations';
import { readFleetReport } from '../../electron/core/fleet/report/fleet-report-query';
import { fleetReportGroupings } from '../../shared/domain/fleet-report';
import { stepIds } from '../../shared/domain/step-table';
import { FLEET_DATABASE, OWNER_PASSWORD, startFleetDatabase } from '../fixtures/fleet-database';
import { percentile } from './percentile';

/**
 * The fleet report over 1,000,000 attendee rows (goal: 200 ms), on a real PostgreSQL 15 this
 * bench starts: 50 kiosks at 10 sites, 40 departments, 20 ISO weeks, 20 attendees a session and
 * their steps (some done, skipped, failed, some not started), loaded kiosk by kiosk with
 * generate_series through the fleet's own triggers, so the counts the report reads are the ones
 * replication keeps. The peer is the same report as one GROUP BY over the raw rows. Also: what
 * the triggers add to a sink batch of 100 attendees' steps.
 */
const KIOSKS = 50;
const SITES = 10;
const DEPARTMENTS = 40;
const WEEKS = 20;
const SESSIONS_PER_KIOSK = 1_000;
const ATTENDEES_PER_SESSION = 20;
const GOAL_MS = 200;
const RUNS = 40;
const PEER_RUNS = 3;
const BATCHES = 20;

async function timed(runs: number, work: () => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { runs, p50Ms: percentile(samples, 50, 2), p95Ms: percentile(samples, 95, 2) };
}

const kioskId = (k: number) => `bench_kiosk_${String(k).padStart(2, '0')}`;

/** Pseudo-random but repeatable per attendee and step: 0..99. */
const roll = (step: number, k: number) => `((s * 7919 + j * 104729 + ${step * 31337 + k * 613}) % 100)`;

async function loadKiosk(admin: pg.Client, k: number): Promise<void> {
  const site = `Site ${String(k % SITES).padStart(2, '0')}`;
  await admin.query('INSERT INTO fleet.kiosks (kiosk_id, name, site, version) VALUES ($1, $2, $3, $4)', [kioskId(k), `Room ${k}`, site, 'bench']);
  await admin.query(
    `INSERT INTO fleet.sessions (kiosk_id, local_id, department, facilitator, room, site, planned_minutes, status, started_at, ended_at, training)
     SELECT $1, 's' || s, 'Mixed', 'Bench facilitator', 'R', $2, 30, 'closed',
       timestamptz '2026-01-05 08:00Z' + (s % ${WEEKS}) * interval '7 days' + ((s / ${WEEKS}) % 5) * interval '1 day', NULL, false
     FROM generate_series(0, ${SESSIONS_PER_KIOSK - 1}) AS s`,
    [kioskId(k), site],
  );
  await admin.query(
    `INSERT INTO fleet.attendees (kiosk_id, local_id, session_local_id, badge_id, given_name, family_name, email, department, manager, position)
     SELECT $1, 's' || s || '-' || j, 's' || s, (100000 + s * 100 + j)::text, 'Given', 'Family', 'a' || s || '-' || j || '@example.com',
       'Department ' || lpad((((s * 7 + j * 3 + $2::int) % ${DEPARTMENTS}))::text, 2, '0'), 'Manager', j
     FROM generate_series(0, ${SESSIONS_PER_KIOSK - 1}) AS s, generate_series(0, ${ATTENDEES_PER_SESSION - 1}) AS j`,
    [kioskId(k), k],
  );
  // Badge checked for 95 in 100; every later step done for 70, skipped for 15, failed for 5, not started for 10.
  const steps = stepIds.map((step, t) =>
    t === 0
      ? `SELECT '${step}' AS step, CASE WHEN ${roll(t, k)} < 95 THEN 'done' END AS status`
      : `SELECT '${step}', CASE WHEN ${roll(t, k)} < 70 THEN 'done' WHEN ${roll(t, k)} < 85 THEN 'skipped' WHEN ${roll(t, k)} < 90 THEN 'failed' END`,
  );
  await admin.query(
    `INSERT INTO fleet.attendee_steps (kiosk_id, attendee_local_id, step, status, reason_code, reason_note, updated_at)
     SELECT $1, 's' || s || '-' || j, st.step, st.status, CASE WHEN st.status = 'skipped' THEN 'later' END, NULL, now()
     FROM generate_series(0, ${SESSIONS_PER_KIOSK - 1}) AS s, generate_series(0, ${ATTENDEES_PER_SESSION - 1}) AS j,
       LATERAL (${steps.join(' UNION ALL ')}) AS st
     WHERE st.status IS NOT NULL`,
    [kioskId(k)],
  );
}

/** The same figures as one GROUP BY over every step of every attendee: what the counts spare the report. */
const rawReport = `
  SELECT a.department, count(DISTINCT (a.kiosk_id, a.local_id)) AS attendees,
    ${stepIds.map((step) => `count(*) FILTER (WHERE st.step = '${step}' AND st.status = 'done') AS "${step}_done"`).join(', ')}
  FROM fleet.attendees a
  JOIN fleet.sessions s ON s.kiosk_id = a.kiosk_id AND s.local_id = a.session_local_id
  LEFT JOIN fleet.attendee_steps st ON st.kiosk_id = a.kiosk_id AND st.attendee_local_id = a.local_id
  WHERE NOT s.training
  GROUP BY a.department`;

export default async function bench() {
  const fleet = await startFleetDatabase();
  const reader = fleet.addKiosk(kioskId(0));
  for (let k = 1; k < KIOSKS; k += 1) fleet.addKiosk(kioskId(k));
  const owner = { host: fleet.cluster.host, port: fleet.cluster.port, database: FLEET_DATABASE, user: 'fleet_owner', password: OWNER_PASSWORD };
  await migrateFleet(owner, fleetMigrations);
  const admin = await fleet.cluster.adminClient(FLEET_DATABASE);
  const kioskPool = { host: fleet.cluster.host, port: fleet.cluster.port, database: FLEET_DATABASE, user: reader.config.user, password: reader.secrets['fleet.password'] };
  const db = new FleetDb(kioskPool, { now: () => new Date() }, reader.config.user);
  try {
    const loadStarted = performance.now();
    for (let k = 0; k < KIOSKS; k += 1) {
      await loadKiosk(admin, k);
      process.stderr.write(`fleet-report bench: kiosk ${k + 1}/${KIOSKS} loaded\n`);
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    await admin.query('VACUUM ANALYZE');
    const rows = (await admin.query<{ attendees: string; steps: string; counts: string; total: string }>(
      `SELECT (SELECT count(*) FROM fleet.attendees) AS attendees, (SELECT count(*) FROM fleet.attendee_steps) AS steps,
              (SELECT count(*) FROM fleet.report_counts) AS counts, (SELECT sum(attendees) FROM fleet.report_counts) AS total`,
    )).rows[0]!;

    const perGrouping: Record<string, { runs: number; p50Ms: number; p95Ms: number; groups: number; meetsGoal: boolean }> = {};
    for (const groupBy of fleetReportGroupings) {
      const query = { groupBy, from: null, to: null, training: false };
      const read = await readFleetReport(db, query, new Date());
      await timed(3, () => readFleetReport(db, query, new Date()));
      const figures = await timed(RUNS, () => readFleetReport(db, query, new Date()));
      perGrouping[groupBy] = { ...figures, groups: read.rows.length, meetsGoal: figures.p95Ms <= GOAL_MS };
    }
    let raw: Record<string, unknown>[] = [];
    const peer = await timed(PEER_RUNS, async () => {
      raw = (await admin.query(rawReport)).rows;
    });
    // The counts the triggers kept are the raw rows' own figures.
    const byDepartment = new Map((await readFleetReport(db, { groupBy: 'department', from: null, to: null, training: false }, new Date())).rows.map((row) => [row.key, row.figures]));
    const agreesWithRawGroupBy =
      raw.length === byDepartment.size &&
      raw.every((row) => {
        const kept = byDepartment.get(String(row['department']));
        return kept !== undefined && kept.attendees === Number(row['attendees']) && stepIds.every((step) => kept.steps[step].done === Number(row[`${step}_done`]));
      });

    // A sink batch: 100 of one kiosk's attendees each with every step changed, as the kiosk's own
    // role; then the same with the report's triggers off (last: the counts are not read after it).
    const sinkBatch = () =>
      db.transaction(async (tx) => {
        const batch: FleetRows = {
          target: 'fleet.attendee_steps',
          key: ['attendee_local_id', 'step'],
          appendOnly: false,
          rows: Array.from({ length: 100 }, (_, i) => i).flatMap((i) =>
            stepIds.map((step) => ({ attendee_local_id: `s${i}-${i % ATTENDEES_PER_SESSION}`, step, status: Math.random() < 0.5 ? 'done' : 'skipped', reason_code: null, reason_note: null, updated_at: new Date().toISOString() })),
          ),
        };
        await upsertRows(tx, reader.config.user, batch);
      });
    const batchTimes = await timed(BATCHES, sinkBatch);
    await admin.query('ALTER TABLE fleet.attendee_steps DISABLE TRIGGER report_steps_inserted; ALTER TABLE fleet.attendee_steps DISABLE TRIGGER report_steps_updated');
    const batchTimesWithoutTriggers = await timed(BATCHES, sinkBatch);

    const worst = Math.max(...Object.values(perGrouping).map((g) => g.p95Ms));
    const result = {
      attendeeRows: Number(rows.attendees),
      stepRows: Number(rows.steps),
      countRows: Number(rows.counts),
      countedAttendees: Number(rows.total),
      shape: { kiosks: KIOSKS, sites: SITES, departments: DEPARTMENTS, weeks: WEEKS },
      loadSeconds: Number(loadSeconds.toFixed(1)),
      report: perGrouping,
      goalMs: GOAL_MS,
      meetsGoal: worst <= GOAL_MS,
      peerRawGroupByDepartment: peer,
      agreesWithRawGroupBy,
      speedupOverRawGroupBy: Number((peer.p50Ms / perGrouping['department']!.p50Ms).toFixed(1)),
      sinkBatchOf500StepRows: { withReportTriggers: batchTimes, withoutThem: batchTimesWithoutTriggers },
    };
    process.stderr.write(`${JSON.stringify(result)}\n`);
    return result;
  } finally {
    await db.close();
    await admin.end();
    fleet.stop();
  }
}
