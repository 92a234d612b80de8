import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createCore, type Core } from '../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../electron/core/config/schema';
import { FLEET_DATABASE, startFleetDatabase } from '../fixtures/fleet-database';
import { nextStationAttendee } from '../fixtures/fleet-station-activity';
import { secretsOf } from '../integration/helpers/fleet-kiosk';
import { percentile } from './percentile';

const KIOSKS = Number(process.env.FLEET_BENCH_KIOSKS ?? 4);
const ATTENDEES_PER_KIOSK = 40;

/** The kiosk's newest audit event: every command ends with one, so it stands for the whole commit. */
const newestSeq = (core: Core) => (core.db.prepare('SELECT max(seq) AS seq FROM audit_log').get() as { seq: number }).seq;

/**
 * Kiosk commit → visible in PostgreSQL, with 4 kiosks busy at once (each in this process, on
 * its own SQLite file and database role, its sink at the default settings): after each
 * attendee's check-in and envelope moves commit at a kiosk, the time until the fleet holds that
 * kiosk's newest audit event, read by a separate connection as another kiosk would.
 */
export default async function bench() {
  const fleet = await startFleetDatabase();
  const dirs: string[] = [];
  const cores: Core[] = [];
  try {
    const samples: number[] = [];
    await Promise.all(
      Array.from({ length: KIOSKS }, async (_, i) => {
        const kiosk = fleet.addKiosk(`kiosk_bench_${i}`, { kioskName: `Room ${i}`, site: 'Berlin' });
        const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-bench-'));
        dirs.push(dataDir);
        const core = createCore({ config: kioskConfigSchema.parse({ fleet: kiosk.config }), dataDir, version: 'bench', ports: { secrets: secretsOf(kiosk.secrets) } });
        cores.push(core);
        await core.fleet.whenReady();
        const reader = new pg.Client({ host: fleet.cluster.host, port: fleet.cluster.port, database: FLEET_DATABASE, user: 'fleet_owner', password: kiosk.secrets['fleet.ownerPassword'] });
        await reader.connect();
        try {
          for (let n = 0; n < ATTENDEES_PER_KIOSK; n += 1) {
            await nextStationAttendee(core, `Department ${i}`);
            const committedAt = performance.now();
            const seq = newestSeq(core);
            for (;;) {
              const seen = await reader.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM fleet.audit_events WHERE kiosk_id = $1', [kiosk.config.user]);
              if (Number(seen.rows[0]?.seq ?? 0) >= seq) break;
              await new Promise((resolve) => setTimeout(resolve, 1));
            }
            samples.push(performance.now() - committedAt);
          }
        } finally {
          await reader.end();
        }
      }),
    );
    const sorted = [...samples].sort((a, b) => a - b);
    return {
      kiosks: KIOSKS,
      commits: samples.length,
      commitToFleetP50Ms: percentile(sorted, 50, 1),
      commitToFleetP99Ms: percentile(sorted, 99, 1),
      commitToFleetMaxMs: percentile(sorted, 100, 1),
      note: 'each kiosk checks an attendee in, skips a step, seals and moves an envelope, then waits until its newest audit event is readable in PostgreSQL; the sink is woken by the commit, polling every 100 ms otherwise',
    };
  } finally {
    for (const core of cores) await core.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    fleet.stop();
  }
}
