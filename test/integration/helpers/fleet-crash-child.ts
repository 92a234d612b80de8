/**
 * One kiosk of fleet-crash-safety.test.ts, the process the parent SIGKILLs: the whole core
 * (training IdP, virtual key) with a `fleet` section, on a fixed data dir. It checks attendees
 * in as fast as a busy station would (badge, identity, a skipped passkey step), seals an
 * envelope for each and moves it through custody, starting a new session when the roster is
 * used up. Whatever the fleet refuses while PostgreSQL is down (a custody move) is retried with
 * the next attendee, as IT would. On `drain` it stops, sends everything waiting and writes
 * `drained <json>`: its own counts per replicated table, for the parent to compare with the fleet.
 */
import { TRAINING_FACILITATOR_PIN } from '../../../electron/core/access/training-facilitator-key';
import { createCore, type Core } from '../../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../../electron/core/config/schema';
import type { CallInput, CallName, CallOutput } from '../../../shared/contract/calls';
import { secretsOf } from './fleet-kiosk';
import { env, line } from './sync-crash-child-main';

async function call<K extends CallName>(core: Core, name: K, input: CallInput<K>): Promise<CallOutput<K>> {
  const envelope = await core.dispatch(name, input, { transport: 'test' });
  if (!envelope.ok) throw new Error(`${name} failed: ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.result as CallOutput<K>;
}

async function unlocked(core: Core): Promise<void> {
  if (!core.access.state().locked) return;
  await call(core, 'access.unlock', core.access.state().touchUnlock ? {} : { pin: TRAINING_FACILITATOR_PIN });
}

const tables = ['sessions', 'roster_entries', 'attendee_steps', 'identity_checks', 'envelopes', 'envelope_events', 'audit_log', 'facilitator_keys'] as const;

function counts(core: Core): Record<string, number> {
  return Object.fromEntries(tables.map((table) => [table, (core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n]));
}

let draining = false;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One attendee, checked in and sealed; false when the session's roster is used up. */
async function nextAttendee(core: Core, sessionId: string): Promise<boolean> {
  await unlocked(core);
  const board = await call(core, 'board.get', { sessionId });
  const row = board.rows.find((r) => r.steps.badge?.status !== 'done');
  if (!row) return false;
  const who = { sessionId, attendeeId: row.attendee.id };
  await call(core, 'badge.scan', { sessionId, raw: row.attendee.badgeId });
  await call(core, 'identity.confirm', { ...who, faceConfirmed: true, secondSignal: 'managerPresent' });
  await unlocked(core);
  await call(core, 'journey.skip', { ...who, step: 'platformPasskey', reason: 'later' });
  const envelope = core.custody.seal({ sessionId, attendeeId: row.attendee.id, sealNumber: null, keyModel: 'YubiKey 5 NFC', fingerprint: row.attendee.badgeId, actor: 'Training facilitator' });
  for (const to of ['collected', 'inSafe'] as const) {
    try {
      await call(core, 'custody.move', { code: envelope.code, to });
    } catch (error) {
      line(`refused ${(error as Error).message.slice(0, 80)}`);
      break;
    }
  }
  return true;
}

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
  process.stdin.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('drain')) draining = true;
  });
  line('started');
  let sessionId = (await call(core, 'session.current', {}))?.id ?? null;
  while (!draining) {
    try {
      await unlocked(core);
      if (!sessionId) {
        sessionId = (await call(core, 'session.start', { department: env('KIOSK_DEPARTMENT'), room: 'R-1', plannedMinutes: 30 })).id;
        await call(core, 'roster.loadTraining', { sessionId });
      }
      if (!(await nextAttendee(core, sessionId))) {
        await unlocked(core);
        await call(core, 'session.end', { sessionId });
        sessionId = null;
      }
      line('attendee');
    } catch (error) {
      line(`error ${(error as Error).message.slice(0, 120)}`);
      await pause(100);
    }
  }
  line('draining');
  await core.fleet.whenReady();
  for (;;) {
    try {
      await core.fleet.flush();
      if (core.fleet.status().waiting === 0) break;
    } catch (error) {
      // PostgreSQL restarting: try again in a moment.
      line(`flush ${(error as Error).message.slice(0, 80)}`);
    }
    await pause(100);
  }
  line(`drained ${JSON.stringify(counts(core))}`);
  await core.close();
  process.exit(0);
}

void main();
