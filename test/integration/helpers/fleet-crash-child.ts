/**
 * One kiosk of fleet-crash-safety.test.ts, the process the parent SIGKILLs: the whole core
 * (training IdP, virtual key) with a `fleet` section, on a fixed data dir, checking attendees
 * in and moving their envelopes as a busy station does (test/fixtures/fleet-station-activity.ts).
 * On `drain` it stops, sends everything waiting and writes `drained <json>`: its own counts per
 * replicated table, for the parent to compare with the fleet.
 */
import { createCore, type Core } from '../../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../../electron/core/config/schema';
import { nextStationAttendee } from '../../fixtures/fleet-station-activity';
import { secretsOf } from './fleet-kiosk';
import { env, line } from './sync-crash-child-main';

const tables = ['sessions', 'roster_entries', 'attendee_steps', 'identity_checks', 'envelopes', 'envelope_events', 'audit_log', 'facilitator_keys'] as const;

function counts(core: Core): Record<string, number> {
  return Object.fromEntries(tables.map((table) => [table, (core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n]));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const config = kioskConfigSchema.parse({ fleet: JSON.parse(env('FLEET_CONFIG')) });
  const core = createCore({
    config,
    dataDir: env('KIOSK_DATA_DIR'),
    version: 'crash-test',
    ports: { secrets: secretsOf(JSON.parse(env('FLEET_SECRETS')) as Record<string, string>) },
    fleetSink: { pollMs: 20 },
    onInternalError: (name, error) => line(`internal ${name} ${(error as Error).message}`),
  });
  let draining = false;
  process.stdin.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('drain')) draining = true;
  });
  line('started');
  while (!draining) {
    try {
      const step = await nextStationAttendee(core, env('KIOSK_DEPARTMENT'));
      line(step.refused ? `refused ${step.refused.slice(0, 80)}` : 'attendee');
    } catch (error) {
      line(`error ${(error as Error).message.slice(0, 120)}`);
      await pause(100);
    }
  }
  await core.fleet.whenReady();
  for (;;) {
    try {
      await core.fleet.flush();
      if (core.fleet.status().waiting === 0) break;
    } catch {
      // PostgreSQL restarting: try again in a moment.
    }
    await pause(100);
  }
  line(`drained ${JSON.stringify(counts(core))}`);
  await core.close();
  process.exit(0);
}

void main();
