import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyFleetAuditChains } from '../../electron/core/fleet/fleet-audit-chains';
import { FLEET_DATABASE, startFleetDatabase, type FleetDatabase, type FleetKiosk } from '../fixtures/fleet-database';
import { buildChild, lcg } from './helpers/sync-crash-runner';

/**
 * Three kiosk processes enrol attendees and move envelopes on one PostgreSQL while the test
 * SIGKILLs kiosks and crashes PostgreSQL (`pg_ctl restart -m immediate`) at seeded random
 * moments. Afterwards every kiosk drains: each of its rows is in the fleet exactly once (rows
 * lost 0, rows doubled 0) and every kiosk's audit chain verifies in the fleet.
 */
const root = new URL('../..', import.meta.url).pathname;
const CHAOS_MS = Number(process.env.CHAOS_MS ?? 20_000);
const SEED = 1607;

/** Local table → the fleet's table of the same rows. */
const fleetTables: Record<string, string> = {
  sessions: 'sessions',
  roster_entries: 'attendees',
  attendee_steps: 'attendee_steps',
  identity_checks: 'identity_checks',
  envelopes: 'envelopes',
  envelope_events: 'envelope_events',
  audit_log: 'audit_events',
  facilitator_keys: 'facilitator_keys',
};

interface Station {
  role: string;
  department: string;
  kiosk: FleetKiosk;
  dataDir: string;
  proc: ChildProcessWithoutNullStreams | null;
  attendees: number;
  output: string;
}

let fleet: FleetDatabase;
let child: { file: string; remove(): void };
const stations: Station[] = [];
beforeAll(async () => {
  fleet = await startFleetDatabase();
  child = await buildChild('test/integration/helpers/fleet-crash-child.ts');
});
afterAll(() => {
  for (const s of stations) {
    s.proc?.kill('SIGKILL');
    rmSync(s.dataDir, { recursive: true, force: true });
  }
  child?.remove();
  fleet?.stop();
});

function launch(station: Station): void {
  const proc = spawn(process.execPath, [child.file], {
    cwd: root,
    env: {
      ...process.env,
      KIOSK_DATA_DIR: station.dataDir,
      KIOSK_DEPARTMENT: station.department,
      FLEET_CONFIG: JSON.stringify(station.kiosk.config),
      FLEET_SECRETS: JSON.stringify(station.kiosk.secrets),
    },
  });
  proc.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    station.output += text;
    station.attendees += (text.match(/^(attendee|refused)/gm) ?? []).length;
  });
  proc.stderr.on('data', (chunk: Buffer) => (station.output += chunk.toString()));
  station.proc = proc;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the fleet through kiosk and PostgreSQL crashes', () => {
  it('loses and doubles no row, and every chain verifies, after random SIGKILLs of three kiosks and immediate restarts of PostgreSQL', { timeout: 180_000 }, async () => {
    for (const [i, name] of ['kiosk_crash_a', 'kiosk_crash_b', 'kiosk_crash_c'].entries()) {
      const station: Station = { role: name, department: ['Finance', 'Sales', 'Legal'][i]!, kiosk: fleet.addKiosk(name, { kioskName: `Room ${i + 1}`, site: i === 2 ? 'Munich' : 'Berlin' }), dataDir: mkdtempSync(join(tmpdir(), 'kiosk-fleet-crash-')), proc: null, attendees: 0, output: '' };
      stations.push(station);
      launch(station);
    }
    const random = lcg(SEED);
    let kills = 0;
    let restarts = 0;
    const until = Date.now() + CHAOS_MS;
    while (Date.now() < until) {
      await pause(400 + random() * 1000);
      if (random() < 0.7) {
        const station = stations[Math.floor(random() * stations.length)]!;
        station.proc?.kill('SIGKILL');
        kills += 1;
        await pause(100 + random() * 300);
        launch(station);
      } else {
        fleet.cluster.crashRestart();
        restarts += 1;
      }
    }

    const drained = await Promise.all(
      stations.map(
        (station) =>
          new Promise<Record<string, number>>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`${station.role} did not drain:\n${station.output.slice(-2000)}`)), 90_000);
            const look = () => {
              const match = /^drained (.*)$/m.exec(station.output);
              if (match) {
                clearTimeout(timer);
                resolve(JSON.parse(match[1]!) as Record<string, number>);
              }
            };
            station.proc?.stdout.on('data', look);
            station.proc?.stdin.write('drain\n');
            look();
          }),
      ),
    );

    const admin = await fleet.cluster.adminClient(FLEET_DATABASE);
    try {
      let lost = 0;
      let doubled = 0;
      let local = 0;
      for (const [i, station] of stations.entries()) {
        for (const [table, target] of Object.entries(fleetTables)) {
          const mine = drained[i]![table] ?? 0;
          const there = Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM fleet.${target} WHERE kiosk_id = $1`, [station.role])).rows[0]?.n);
          local += mine;
          lost += Math.max(0, mine - there);
          doubled += Math.max(0, there - mine);
        }
      }
      const chains = await verifyFleetAuditChains(admin);
      const broken = stations.filter((s) => !chains.get(s.role)?.ok).map((s) => s.role);
      const figures = { kiosks: stations.length, kills, postgresRestarts: restarts, attendees: stations.reduce((n, s) => n + s.attendees, 0), rows: local, rowsLost: lost, rowsDoubled: doubled, chainsVerified: stations.length - broken.length };
      console.log(`fleet crash safety: ${JSON.stringify(figures)}`);
      expect(kills).toBeGreaterThan(3);
      expect(restarts).toBeGreaterThan(0);
      expect(figures.attendees).toBeGreaterThan(10);
      expect(lost).toBe(0);
      expect(doubled).toBe(0);
      expect(broken).toEqual([]);
    } finally {
      await admin.end();
    }
  });
});
