/**
 * The kiosk process journey-crash-safety.test.ts kills: the whole core (createCore) on a fixed
 * data dir; the attendees' backup keys are the parent's virtual authenticators (socket
 * backend), its IdP the parent's Keycloak fake. It drives the attendees' journeys through
 * core.dispatch the way the screens do, skipping whatever the store says is done, and after
 * each action writes `mark <name>` and waits (blocking) for `next` on stdin, so the parent can
 * SIGKILL it at exactly that point. Commits the core makes by itself (the passkey found by the
 * watch, the key's credential recorded before its test sign-in, the step committed) are
 * announced the moment their journey.changed event fires, still inside the core's call.
 * Protocol: parent `go`; child `started`, `mark …`, `mark complete`, `drained <done> <parked>`.
 */
import { readSync } from 'node:fs';
import { TRAINING_FACILITATOR_PIN } from '../../../electron/core/access/training-facilitator-key';
import { createCore, type Core } from '../../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../../electron/core/config/schema';
import type { HidBackend } from '../../../electron/core/fido/hid/hid-connection';
import { createSocketBackend } from '../../../electron/core/fido/hid/socket-backend';
import { FileSecretStore } from '../../../electron/core/secrets/file-secret-store';
import { openDatabase } from '../../../electron/core/store/open-database';
import type { CallInput, CallName, CallOutput } from '../../../shared/contract/calls';
import { env, line } from './sync-crash-child-main';

const badges = env('JOURNEY_BADGES').split(',');
/** Each attendee's own backup key: a virtual authenticator server in the parent, in badge order. */
const keyPorts = env('JOURNEY_KEY_PORTS').split(',').map(Number);
const pin = env('JOURNEY_PIN');

/** One line from the parent; blocking, so a mark written inside an event listener halts the core right there. */
function readLine(): string {
  const byte = Buffer.alloc(1);
  let text = '';
  for (;;) {
    if (readSync(0, byte, 0, 1, null) === 0) process.exit(0);
    if (byte[0] === 0x0a) return text;
    text += byte.toString('latin1');
  }
}

function mark(name: string, payload = ''): void {
  line(`mark ${name}${payload ? ` ${payload}` : ''}`);
  if (readLine() !== 'next') throw new Error(`expected next after mark ${name}`);
}

async function call<K extends CallName>(core: Core, name: K, input: CallInput<K>): Promise<CallOutput<K>> {
  const envelope = await core.dispatch(name, input, { transport: 'test' });
  if (!envelope.ok) throw new Error(`${name} failed: ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.result as CallOutput<K>;
}

/** The facilitator at a kiosk an attendee's journey holds: back with a touch of their key while offered, else PIN and touch. */
async function comeBack(core: Core): Promise<void> {
  if (!core.access.state().locked) return;
  await call(core, 'access.unlock', core.access.state().touchUnlock ? {} : { pin: TRAINING_FACILITATOR_PIN });
}

/** Commits the core makes by itself, named per badge; read straight from the store because the mark must block inside the event. */
function committed(core: Core): string[] {
  const steps = core.db
    .prepare(`SELECT r.badge_id AS badge, s.step FROM attendee_steps s JOIN roster_entries r ON r.id = s.attendee_id WHERE s.status = 'done' AND s.step IN ('platformPasskey', 'backupKey')`)
    .all() as Array<{ badge: string; step: string }>;
  const facts = core.db
    .prepare(`SELECT r.badge_id AS badge FROM journey_facts f JOIN roster_entries r ON r.id = f.attendee_id WHERE f.step = 'backupKey'`)
    .all() as Array<{ badge: string }>;
  return [
    ...steps.map((s) => `${s.step === 'platformPasskey' ? 'passkey' : 'key'}:${s.badge}`),
    ...facts.map((f) => `registered:${f.badge}`),
  ];
}

function announceCommits(core: Core, seen: Set<string>): void {
  const order = ['passkey', 'registered', 'key'];
  const fresh = committed(core).filter((name) => !seen.has(name)).sort((a, b) => order.indexOf(a.split(':')[0]!) - order.indexOf(b.split(':')[0]!));
  for (const name of fresh) {
    seen.add(name);
    mark(name);
  }
}

/** All the attendees' keys plugged in at once, listed together; each keeps its socket backend's path. */
function pluggedKeys(): HidBackend {
  const backends = keyPorts.map((port) => createSocketBackend({ port }));
  return {
    kind: 'virtual',
    list: async () => (await Promise.all(backends.map((backend) => backend.list()))).flat(),
    open: (path) => {
      const backend = backends[keyPorts.indexOf(Number(path.split(':').at(-1)))];
      if (!backend) throw new Error(`no virtual key at ${path}`);
      return backend.open(path);
    },
  };
}

async function journey(core: Core, sessionId: string, attendeeId: string, badge: string, keyPort: number): Promise<void> {
  const who = { sessionId, attendeeId };
  let view = await call(core, 'journey.get', who);
  if (view.place === 'platformPasskey') {
    view = await call(core, 'journey.passkey.start', who);
    if (view.passkey.offer) mark(`link:${badge}`, view.passkey.offer.url);
    while (view.place === 'platformPasskey') {
      if (view.passkey.phase !== 'waiting') throw new Error(`the passkey watch stopped: ${view.passkey.phase} ${view.passkey.problem ?? ''}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
      view = await call(core, 'journey.get', who);
    }
  }
  if (view.place !== 'backupKey') return;
  const key = (await call(core, 'keys.list', {})).keys.find((k) => k.path.endsWith(`:${keyPort}`));
  if (!key) throw new Error(`the key of ${badge} is not listed`);
  const inspected = await call(core, 'journey.key.inspect', { ...who, path: key.path });
  mark(`inspect:${badge}`);
  if (inspected?.next.stage === 'newPin') {
    await call(core, 'journey.key.setPin', { ...who, path: key.path, pin });
    mark(`pin:${badge}`);
  }
  await call(core, 'journey.key.register', { ...who, path: key.path, pin });
}

async function drive(core: Core): Promise<void> {
  // The facilitator unlocks with the built-in training key (kept in the data dir across kills).
  await call(core, 'access.unlock', { pin: TRAINING_FACILITATOR_PIN });
  let session = await call(core, 'session.current', {});
  if (!session) {
    session = await call(core, 'session.start', { department: 'Crash', room: 'K-1', plannedMinutes: 30 });
    mark('session');
  }
  let board = await call(core, 'board.get', { sessionId: session.id });
  if (board.rows.length === 0) {
    await call(core, 'roster.import', { sessionId: session.id, fileBase64: Buffer.from(env('JOURNEY_ROSTER')).toString('base64') });
    mark('roster');
    board = await call(core, 'board.get', { sessionId: session.id });
  }
  for (const [index, badge] of badges.entries()) {
    const row = board.rows.find((r) => r.attendee.badgeId === badge);
    if (!row) throw new Error(`badge ${badge} is not on the roster`);
    if (row.steps.badge.status === 'pending') {
      await call(core, 'badge.scan', { sessionId: session.id, raw: badge });
      mark(`scan:${badge}`);
    }
    if (row.steps.badge.status !== 'done') {
      // The previous attendee's confirmation handed the kiosk to their journey.
      await comeBack(core);
      await call(core, 'identity.confirm', { sessionId: session.id, attendeeId: row.attendee.id, faceConfirmed: true, secondSignal: 'managerPresent' });
      mark(`confirm:${badge}`);
    }
    await journey(core, session.id, row.attendee.id, badge, keyPorts[index]!);
  }
}

async function drain(core: Core): Promise<void> {
  await comeBack(core);
  for (;;) {
    const summary = await call(core, 'outbox.summary', {});
    if (summary.pending === 0) return line(`drained ${summary.done} ${summary.parked}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function main(): Promise<void> {
  // Load the native SQLite addon and run the migrations once in memory before `go`: a warm child starts at once.
  openDatabase(':memory:').close();
  if (readLine() !== 'go') throw new Error('expected go');
  const dataDir = env('JOURNEY_DATA_DIR');
  const core = createCore({
    config: kioskConfigSchema.parse(JSON.parse(env('JOURNEY_CONFIG'))),
    dataDir,
    version: 'crash-test',
    // The file store's warning (not the OS keychain) is for operators; on stderr it would read as a failure.
    ports: { hid: pluggedKeys(), secrets: new FileSecretStore({ dataDir, warn: () => undefined }) },
    passkeyWatch: { firstDelayMs: 15, maxDelayMs: 60 },
    onInternalError: (name, error) => line(`error internal ${name}: ${error instanceof Error ? error.stack : String(error)}`),
  });
  const seen = new Set(committed(core));
  core.events.subscribe((event) => {
    if (event.name === 'journey.changed') announceCommits(core, seen);
  });
  line('started');
  await drive(core);
  mark('complete');
  await drain(core);
  await core.close();
  process.exit(0);
}

main().catch((error: unknown) => {
  line(`error ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
