import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetRows } from '../../electron/core/fleet/change-feed';
import { FleetDb } from '../../electron/core/fleet/fleet-db';
import { migrateFleet } from '../../electron/core/fleet/fleet-migrate';
import { fleetMigrations } from '../../electron/core/fleet/migrations';
import { readFleetReport } from '../../electron/core/fleet/report/fleet-report-query';
import type { FleetReport, FleetReportFigures, FleetReportGrouping } from '../../shared/domain/fleet-report';
import { stepIds, type StepId } from '../../shared/domain/step-table';
import { FLEET_DATABASE, OWNER_PASSWORD, startFleetDatabase, type FleetDatabase } from '../fixtures/fleet-database';
import { attendeeRows, replicateAs, sessionRows, stepRows } from '../fixtures/fleet-rows';
import { fleetKioskCore } from './helpers/fleet-kiosk';
import { sessionCore, T0 } from './helpers/session-core';
import { until } from './helpers/until';

/**
 * The fleet report against a real PostgreSQL 15: outcomes and adoption per department, site,
 * kiosk and ISO week over every kiosk's replicated rows, read from the counts the fleet's own
 * triggers keep (migration 004). Each test uses departments, sites, kiosks and weeks of its own.
 */
let fleet: FleetDatabase;
beforeAll(async () => {
  fleet = await startFleetDatabase();
  await migrateFleet({ host: fleet.cluster.host, port: fleet.cluster.port, database: FLEET_DATABASE, user: 'fleet_owner', password: OWNER_PASSWORD }, fleetMigrations);
});
afterAll(() => fleet?.stop());

type Harness = ReturnType<typeof fleetKioskCore>;
type Counts = Partial<Record<StepId, Partial<{ done: number; skipped: number; failed: number }>>>;

/** Figures as a test writes them: unnamed counts are 0. */
function figures(attendees: number, complete: number, steps: Counts = {}): FleetReportFigures {
  return {
    attendees,
    complete,
    steps: Object.fromEntries(stepIds.map((step) => [step, { done: 0, skipped: 0, failed: 0, ...steps[step] }])) as FleetReportFigures['steps'],
  };
}

const byLabel = (report: FleetReport) => Object.fromEntries(report.rows.map((row) => [row.label, row.figures]));

const roster = (rows: string[]) => Buffer.from(`Badge ID,Given name,Family name,Email,Department,Manager\n${rows.join('\n')}\n`).toString('base64');

/** A session of `rows` at a kiosk: each attendee in `journeys` checks in and walks their steps as told. */
async function sessionAt(h: Harness, rows: string[], journeys: Record<string, (who: { sessionId: string; attendeeId: string }) => Promise<void>>) {
  const session = await h.call('session.start', { department: 'Rollout', room: 'R1', plannedMinutes: 30 });
  await h.call('roster.import', { sessionId: session.id, fileBase64: roster(rows) });
  for (const [badge, walk] of Object.entries(journeys)) {
    const outcome = await h.call('badge.scan', { sessionId: session.id, raw: badge });
    if (outcome.kind !== 'matched') throw new Error(`badge ${badge} matched nobody`);
    const who = { sessionId: session.id, attendeeId: outcome.attendee.id };
    await h.call('identity.confirm', { ...who, faceConfirmed: true, secondSignal: 'managerPresent' });
    await walk(who);
    await h.comeBack();
  }
}

/** Passkey skipped, the backup key registered on the kiosk's training key, codes and envelope skipped. */
const withBackupKey = (h: Harness) => async (who: { sessionId: string; attendeeId: string }) => {
  await h.call('journey.skip', { ...who, step: 'platformPasskey', reason: 'noSmartphone' });
  const [key] = (await h.call('keys.list', {})).keys;
  await h.call('journey.key.setPin', { ...who, path: key!.path, pin: '582914' });
  await h.call('journey.key.register', { ...who, path: key!.path, pin: '582914' });
  await h.call('journey.skip', { ...who, step: 'recoveryCodes', reason: 'printerBroken' });
  const view = await h.call('journey.skip', { ...who, step: 'envelope', reason: 'noEnvelope' });
  expect(view.place).toBe('done');
};

/** Every step that may be skipped, skipped. */
const skippingAll = (h: Harness) => async (who: { sessionId: string; attendeeId: string }) => {
  for (const step of ['platformPasskey', 'backupKey', 'recoveryCodes', 'envelope'] as const) await h.call('journey.skip', { ...who, step, reason: 'other', note: 'Another day' });
};

const drained = (h: Harness) => until('the kiosk to have sent everything', async () => h.core.fleet.status().waiting === 0 && h.core.fleet.status().connected);

describe('the fleet report', () => {
  it("counts two kiosks' journeys per department, site, kiosk and week, and says so in English and German CSV", async () => {
    const a = fleetKioskCore(fleet.addKiosk('kiosk_report_a', { kioskName: 'Report Room A', site: 'Report Berlin' }));
    const b = fleetKioskCore(fleet.addKiosk('kiosk_report_b', { kioskName: 'Report Room B', site: 'Report Munich' }));
    try {
      await sessionAt(a, ['300101,Ada,Achter,ada@example.com,Report Finance,M', '300102,Ben,Bauer,ben@example.com,Report Finance,M', '300103,Cem,Celik,cem@example.com,Report Legal,M'], {
        '300101': withBackupKey(a),
        '300102': skippingAll(a),
      });
      // Kiosk B's session starts a week later: ISO week 11 of 2026 (T0 is Monday of week 10).
      b.advanceMinutes(7 * 24 * 60);
      await sessionAt(b, ['300201,Dora,Dahl,dora@example.com,Report Legal,M', '300202,Emil,Engel,emil@example.com,Report Sales,M'], { '300201': withBackupKey(b) });
      await drained(a);
      await drained(b);

      const keyed: Counts = { badge: { done: 1 }, platformPasskey: { skipped: 1 }, backupKey: { done: 1 }, recoveryCodes: { skipped: 1 }, envelope: { skipped: 1 } };
      const department = await a.call('fleet.report', { groupBy: 'department' });
      expect(department.training).toBe(true);
      expect(byLabel(department)['Report Finance']).toEqual(
        figures(2, 0, { badge: { done: 2 }, platformPasskey: { skipped: 2 }, backupKey: { done: 1, skipped: 1 }, recoveryCodes: { skipped: 2 }, envelope: { skipped: 2 } }),
      );
      expect(byLabel(department)['Report Legal']).toEqual(figures(2, 0, keyed));
      expect(byLabel(department)['Report Sales']).toEqual(figures(1, 0));

      const site = await b.call('fleet.report', { groupBy: 'site' });
      expect(byLabel(site)['Report Berlin']?.attendees).toBe(3);
      expect(byLabel(site)['Report Munich']).toEqual(figures(2, 0, keyed));

      const kiosk = await a.call('fleet.report', { groupBy: 'kiosk' });
      expect(kiosk.rows.filter((row) => row.key.startsWith('kiosk_report_')).map((row) => [row.key, row.label, row.figures.attendees])).toEqual([
        ['kiosk_report_a', 'Report Room A', 3],
        ['kiosk_report_b', 'Report Room B', 2],
      ]);

      const weeks = await a.call('fleet.report', { groupBy: 'week', from: '2026-W10', to: '2026-W11' });
      expect(byLabel(weeks)['2026-W10']?.attendees).toBeGreaterThanOrEqual(3);
      expect(byLabel(weeks)['2026-W11']?.attendees).toBeGreaterThanOrEqual(2);
      // Each attendee sits in one row of any grouping: the total is the rows' sum.
      expect(weeks.total.attendees).toBe(weeks.rows.reduce((sum, row) => sum + row.figures.attendees, 0));
      const onlyWeek11 = await a.call('fleet.report', { groupBy: 'department', from: '2026-W11', to: '2026-W11' });
      expect(byLabel(onlyWeek11)['Report Finance']).toBeUndefined();
      expect(byLabel(onlyWeek11)['Report Legal']?.attendees).toBe(1);

      const english = await a.call('fleet.reportCsv', { groupBy: 'department', locale: 'en' });
      expect(english.filename).toMatch(/^fleet-report-department-\d{4}-\d{2}-\d{2}\.csv$/);
      const [enHeader, ...enLines] = english.csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
      expect(enHeader).toBe(
        [
          'Department,Attendees on the roster,Fully enrolled,Fully enrolled (%)',
          'Badge check done,Badge check done (%),Badge check skipped,Badge check skipped (%),Badge check failed,Badge check failed (%)',
          'Phone passkey done,Phone passkey done (%),Phone passkey skipped,Phone passkey skipped (%),Phone passkey failed,Phone passkey failed (%)',
          'Backup key done,Backup key done (%),Backup key skipped,Backup key skipped (%),Backup key failed,Backup key failed (%)',
          'Recovery codes done,Recovery codes done (%),Recovery codes skipped,Recovery codes skipped (%),Recovery codes failed,Recovery codes failed (%)',
          'Envelope done,Envelope done (%),Envelope skipped,Envelope skipped (%),Envelope failed,Envelope failed (%)',
        ].join(','),
      );
      expect(enLines).toContain('Report Finance,2,0,0.0,2,100.0,0,0.0,0,0.0,0,0.0,2,100.0,0,0.0,1,50.0,1,50.0,0,0.0,0,0.0,2,100.0,0,0.0,0,0.0,2,100.0,0,0.0');
      expect(enLines.at(-1)).toMatch(/^All,/);
      // The export is in the kiosk's audit log, under the facilitator who made it.
      expect(a.core.db.prepare("SELECT actor, subject FROM audit_log WHERE action = 'fleet.reportExport'").all()).toEqual([{ actor: 'Training facilitator', subject: null }]);

      const german = await b.call('fleet.reportCsv', { groupBy: 'department', locale: 'de' });
      const [deHeader, ...deLines] = german.csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
      expect(deHeader?.startsWith('Abteilung,Teilnehmende laut Liste,Vollständig eingerichtet,Vollständig eingerichtet (%),Ausweisprüfung erledigt,')).toBe(true);
      expect(deLines).toContain('Report Finance,2,0,"0,0",2,"100,0",0,"0,0",0,"0,0",0,"0,0",2,"100,0",0,"0,0",1,"50,0",1,"50,0",0,"0,0",0,"0,0",2,"100,0",0,"0,0",0,"0,0",2,"100,0",0,"0,0"');
      expect(deLines.at(-1)).toMatch(/^Gesamt,/);
    } finally {
      await a.close();
      await b.close();
    }
  });

  describe('from replicated batches, as a kiosk role writes them', () => {
    const kioskId = 'kiosk_report_batches';
    let report: FleetDb;
    beforeAll(() => {
      fleet.addKiosk(kioskId, { kioskName: 'Batch Room', site: 'Batch Site' });
      report = new FleetDb({ host: fleet.cluster.host, port: fleet.cluster.port, database: FLEET_DATABASE, user: kioskId, password: `pw-${kioskId}` }, { now: () => new Date(T0) }, kioskId);
    });
    afterAll(() => report?.close());

    const batchKiosk = { id: kioskId, name: 'Batch Room', site: 'Batch Site' };
    const replicate = (tables: FleetRows[]) => replicateAs(fleet, batchKiosk, tables);
    const sessions = (rows: Parameters<typeof sessionRows>[1]) => sessionRows('Batch Site', rows);
    const allDone = (attendee: string) => stepRows(stepIds.map((step) => ({ attendee, step, status: 'done' })));
    const read = (groupBy: FleetReportGrouping, training = false) => readFleetReport(report, { groupBy, from: '2025-W23', to: '2025-W24', training }, new Date(T0));

    it('counts complete attendees exactly, and a replayed batch changes nothing', async () => {
      const batch = [
        sessions([{ id: 's1', startedAt: '2025-06-02T08:00:00.000Z' }, { id: 's2', startedAt: '2025-06-09T08:00:00.000Z' }]),
        attendeeRows([
          { id: 'a1', session: 's1', department: 'Batch Ops' },
          { id: 'a2', session: 's1', department: 'Batch Ops' },
          { id: 'a3', session: 's2', department: 'Batch HR' },
        ]),
        allDone('a1'),
        stepRows([
          { attendee: 'a2', step: 'badge', status: 'done' },
          { attendee: 'a2', step: 'backupKey', status: 'failed' },
        ]),
      ];
      await replicate(batch);
      const first = await read('department');
      expect(byLabel(first)).toEqual({
        'Batch HR': figures(1, 0),
        'Batch Ops': figures(2, 1, { badge: { done: 2 }, platformPasskey: { done: 1 }, backupKey: { done: 1, failed: 1 }, recoveryCodes: { done: 1 }, envelope: { done: 1 } }),
      });
      await replicate(batch);
      await replicate(batch);
      expect(await read('department')).toEqual(first);
      expect(byLabel(await read('week'))).toEqual({ '2025-W23': first.rows.find((r) => r.key === 'Batch Ops')!.figures, '2025-W24': figures(1, 0) });
      expect(byLabel(await read('kiosk'))['Batch Room']).toEqual(first.total);
      // Training sessions are a training kiosk's report, not this one's.
      expect((await read('department', true)).rows.filter((row) => row.key.startsWith('Batch'))).toEqual([]);
    });

    it('moves an attendee between counts when a step or their department changes, and counts steps that came before their attendee', async () => {
      await replicate([stepRows([{ attendee: 'a2', step: 'backupKey', status: 'done' }])]);
      expect(byLabel(await read('department'))['Batch Ops']?.steps.backupKey).toEqual({ done: 2, skipped: 0, failed: 0 });
      await replicate([attendeeRows([{ id: 'a2', session: 's1', department: 'Batch HR' }])]);
      const moved = byLabel(await read('department'));
      expect(moved['Batch Ops']).toEqual(figures(1, 1, Object.fromEntries(stepIds.map((step) => [step, { done: 1 }]))));
      expect(moved['Batch HR']).toEqual(figures(2, 0, { badge: { done: 1 }, backupKey: { done: 1 } }));
      // Steps may reach the fleet before their attendee (another batch): counted once the attendee arrives.
      await replicate([allDone('a4')]);
      expect(byLabel(await read('department'))['Batch Late']).toBeUndefined();
      await replicate([attendeeRows([{ id: 'a4', session: 's2', department: 'Batch Late' }])]);
      expect(byLabel(await read('department'))['Batch Late']).toEqual(figures(1, 1, Object.fromEntries(stepIds.map((step) => [step, { done: 1 }]))));
      // The counts agree with a GROUP BY over the raw rows.
      const raw = await fleet.cluster.sql(`
        SELECT a.department, count(DISTINCT a.local_id)::int AS attendees,
          count(*) FILTER (WHERE st.step = 'backupKey' AND st.status = 'done')::int AS backup_done
        FROM fleet.attendees a LEFT JOIN fleet.attendee_steps st ON st.kiosk_id = a.kiosk_id AND st.attendee_local_id = a.local_id
        WHERE a.kiosk_id = '${kioskId}' GROUP BY a.department ORDER BY a.department`, FLEET_DATABASE);
      const report = byLabel(await read('department'));
      for (const row of raw[0]!.rows as { department: string; attendees: number; backup_done: number }[]) {
        expect([row.department, report[row.department]?.attendees, report[row.department]?.steps.backupKey.done]).toEqual([row.department, row.attendees, row.backup_done]);
      }
    });

    it("lets a kiosk read the counts but never write them, nor recount another kiosk's attendees", async () => {
      const client = new pg.Client({ host: fleet.cluster.host, port: fleet.cluster.port, database: FLEET_DATABASE, user: kioskId, password: `pw-${kioskId}` });
      await client.connect();
      try {
        const refused = async (sql: string) => (await client.query(sql).then(() => null, (error: { code?: string }) => error.code)) ?? `${sql}: allowed`;
        expect(await refused('UPDATE fleet.report_counts SET attendees = attendees + 100')).toBe('42501');
        expect(await refused(`INSERT INTO fleet.report_attendees SELECT * FROM fleet.report_attendees LIMIT 1`)).toBe('42501');
        expect(await refused('DELETE FROM fleet.report_counts')).toBe('42501');
        expect(await refused("SELECT fleet.report_recount(ARRAY['kiosk_report_a'], ARRAY['x'])")).toBe('42501');
        expect(Number((await client.query('SELECT count(*) FROM fleet.report_counts')).rows[0].count)).toBeGreaterThan(0);
      } finally {
        await client.end();
      }
    });
  });

  it('says there is no fleet on a kiosk that works alone', async () => {
    const h = sessionCore();
    try {
      expect(await h.fail('fleet.report', { groupBy: 'site' })).toMatchObject({ code: 'unavailable', reason: 'fleet.reportNoFleet' });
      expect(await h.fail('fleet.reportCsv', { groupBy: 'site', locale: 'de' })).toMatchObject({ code: 'unavailable', reason: 'fleet.reportNoFleet' });
    } finally {
      await h.close();
    }
  });

  it('says the fleet cannot be reached while PostgreSQL is down, and shows nothing older in its place', async () => {
    const h = fleetKioskCore(fleet.addKiosk('kiosk_report_offline'));
    try {
      await h.core.fleet.whenReady();
      expect(await h.call('fleet.report', { groupBy: 'kiosk' })).toMatchObject({ groupBy: 'kiosk', training: true });
      fleet.cluster.stopServer();
      try {
        const refused = await h.fail('fleet.report', { groupBy: 'kiosk' });
        expect(refused).toMatchObject({ code: 'unavailable', reason: 'fleet.reportUnreachable' });
        expect(refused).not.toHaveProperty('result');
      } finally {
        fleet.cluster.startServer();
      }
      await until('the report once the fleet is back', async () => (await h.core.dispatch('fleet.report', { groupBy: 'kiosk' }, { transport: 'test' })).ok);
    } finally {
      await h.close();
    }
  });
});
