import { decode, encode } from 'cborg';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newSetupCode, setupCodeHash } from '../../electron/core/access/setup-code';
import { TRAINING_FACILITATOR_PIN } from '../../electron/core/access/training-facilitator-key';
import { createCore, type Core } from '../../electron/core/app/create-core';
import { kioskConfigSchema, type KioskConfigInput } from '../../electron/core/config/schema';
import { startVirtualAuthenticatorServer, type VirtualAuthenticatorServer } from '../../electron/core/fido/virtual';
import { FacilitatorKeysRepository } from '../../electron/core/store/facilitator-keys-repository';
import { startWebHost } from '../../electron/web/start-web-host';
import { callAudience } from '../../shared/contract/call-audience';
import { calls, type CallInput, type CallName, type CallOutput } from '../../shared/contract/calls';
import type { EventEnvelope } from '../../shared/contract/envelope';
import type { AccessState } from '../../shared/domain/access';
import { openBridge, type BridgeClient } from './helpers/bridge-client';
import { auditLength, callNames, dumpStore, facilitatorCalls, kioskInUse, lockedInputs, type Fixture } from './helpers/facilitator-calls';
import { usbPort } from './helpers/usb-port';

/**
 * Issue 9: locked means locked, in the core. Every facilitator call is refused with `locked`
 * over the web host's real WebSocket bridge and changes nothing in the SQLite file; attendee
 * calls go on; unlocking is a WebAuthn sign-in with a stored facilitator key, checked by
 * @simplewebauthn/server, and the facilitator named in sessions and the audit is that key's.
 */

const TRAINING_FACILITATOR = 'Training facilitator';
const ctx = { transport: 'test' as const };

async function dispatchOk<K extends CallName>(core: Core, name: K, input: CallInput<K>): Promise<CallOutput<K>> {
  const envelope = await core.dispatch(name, input, ctx);
  if (!envelope.ok) throw new Error(`${name} failed: ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.result as CallOutput<K>;
}

function auditRows(core: Core, action: string): Array<{ actor: string; subject: string | null; data: Record<string, unknown> }> {
  return (core.db.prepare('SELECT actor, subject, data FROM audit_log WHERE action = ? ORDER BY seq').all(action) as Array<{ actor: string; subject: string | null; data: string }>).map(
    (row) => ({ ...row, data: JSON.parse(row.data) as Record<string, unknown> }),
  );
}

const dirs: string[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function trainingCore(config: Partial<KioskConfigInput> = {}): { core: Core; dataDir: string; events: EventEnvelope[] } {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-access-'));
  dirs.push(dir);
  const dataDir = join(dir, 'data');
  const core = createCore({ config: kioskConfigSchema.parse(config), dataDir, version: 'lock-test' });
  cleanups.push(() => core.close());
  const events: EventEnvelope[] = [];
  core.events.subscribe((event) => events.push(event));
  return { core, dataDir, events };
}

describe('the lock over the web host\'s WebSocket bridge (training kiosk)', () => {
  let core: Core;
  let sqliteFile: string;
  let bridge: BridgeClient;

  beforeEach(async () => {
    const started = trainingCore();
    core = started.core;
    sqliteFile = join(started.dataDir, 'kiosk.sqlite');
    const rendererDir = join(started.dataDir, '..', 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>Kiosk</title></head><body></body></html>');
    const host = await startWebHost({ core, rendererDir, port: 0 });
    cleanups.push(() => host.close());
    bridge = await openBridge(host);
    cleanups.push(() => bridge.close());
  });

  /** A kiosk in use (helpers/facilitator-calls.ts), then locked. */
  async function lockedKioskInUse(): Promise<Fixture> {
    await bridge.call('access.unlock', { pin: TRAINING_FACILITATOR_PIN });
    const fixture = await kioskInUse(bridge.call, core);
    const locked = await bridge.call('access.lock', {});
    expect(locked).toMatchObject({ locked: true, facilitator: null, lockedBecause: 'manual' });
    return fixture;
  }

  it('lists a valid input for exactly the facilitator calls of the contract', () => {
    expect(facilitatorCalls.length).toBeGreaterThanOrEqual(25);
    for (const name of callNames) expect(lockedInputs[name] === null, name).toBe(callAudience[name].whileLocked);
  });

  it('refuses every facilitator call with `locked` while locked, and the store is unchanged', async () => {
    const fixture = await lockedKioskInUse();
    const before = dumpStore(sqliteFile);
    const auditBefore = auditLength(sqliteFile);
    expect(before['facilitator_keys']).toHaveLength(1);
    expect(before['outbox']).toHaveLength(1);

    const answers: Record<string, unknown> = {};
    // Ending the session last: were the lock to let calls through, each of the others would still act on an open session.
    for (const name of [...facilitatorCalls.filter((call) => call !== 'session.end'), 'session.end' as const]) {
      const input = lockedInputs[name]!(fixture);
      expect(calls[name].input.safeParse(input).success, `the test's input for ${name} is valid`).toBe(true);
      const envelope = await bridge.send(name, input);
      answers[name] = envelope.ok ? 'ok' : envelope.error.code;
    }
    expect(answers).toEqual(Object.fromEntries(facilitatorCalls.map((name) => [name, 'locked'])));

    expect(dumpStore(sqliteFile)).toEqual(before);
    expect(auditLength(sqliteFile)).toBe(auditBefore);
    expect(core.access.state().locked).toBe(true);

    // The dump does see a change: unlocked, the same session.end goes through and the file changes.
    await bridge.call('access.unlock', { pin: TRAINING_FACILITATOR_PIN });
    await bridge.call('session.end', lockedInputs['session.end']!(fixture));
    expect(dumpStore(sqliteFile)['sessions']).not.toEqual(before['sessions']);
    expect(auditLength(sqliteFile)).toBeGreaterThan(auditBefore);
  });

  it('lets attendee calls through while locked: app.info, session.current, access.state', async () => {
    const fixture = await lockedKioskInUse();
    expect(await bridge.call('app.info', {})).toMatchObject({ version: 'lock-test', training: true });
    expect(await bridge.call('session.current', {})).toMatchObject({ id: fixture.sessionId, status: 'open', facilitator: TRAINING_FACILITATOR });
    const state = await bridge.call('access.state', {});
    expect(state).toMatchObject({ locked: true, facilitator: null, lockedBecause: 'manual', setupNeeded: false, trainingKeyPin: TRAINING_FACILITATOR_PIN });
    // The badge scan of the journey is the attendee's too.
    expect(await bridge.call('badge.scan', { sessionId: fixture.sessionId, raw: '999999' })).toEqual({ kind: 'unknown', badgeId: '999999' });
  });

  it('unlocks only with the right PIN: a wrong one says how many tries are left and stays locked; the right one names the training facilitator in the audit and the session', async () => {
    expect(await bridge.call('access.state', {})).toMatchObject({ locked: true, lockedBecause: 'started', facilitator: null });
    const wrong = await bridge.send('access.unlock', { pin: '975318' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'key_pin_invalid', details: { retries: 7 } } });
    expect(await bridge.call('access.state', {})).toMatchObject({ locked: true, facilitator: null });
    expect(auditRows(core, 'access.unlocked')).toEqual([]);
    expect(await bridge.send('session.start', { department: 'Research', room: 'B-204', plannedMinutes: 30 })).toMatchObject({ ok: false, error: { code: 'locked' } });

    const unlocked = await bridge.call('access.unlock', { pin: TRAINING_FACILITATOR_PIN });
    expect(unlocked).toMatchObject({ locked: false, lockedBecause: null, facilitator: { name: TRAINING_FACILITATOR, role: 'facilitator' } });
    const [record] = core.facilitatorKeys.list();
    expect(auditRows(core, 'access.unlocked')).toEqual([{ actor: TRAINING_FACILITATOR, subject: record!.id, data: expect.objectContaining({ role: 'facilitator' }) }]);
    expect(bridge.events.some((event) => event.name === 'access.changed' && (event.payload as AccessState).locked === false)).toBe(true);

    const session = await bridge.call('session.start', { department: 'Research', room: 'B-204', plannedMinutes: 30 });
    expect(session.facilitator).toBe(TRAINING_FACILITATOR);
    expect(auditRows(core, 'session.start').map((row) => row.actor)).toEqual([TRAINING_FACILITATOR]);
  });

  it('locks again on access.lock: facilitator calls are refused once more, and the lock is audited', async () => {
    await bridge.call('access.unlock', { pin: TRAINING_FACILITATOR_PIN });
    const session = await bridge.call('session.start', { department: 'Research', room: 'B-204', plannedMinutes: 30 });
    expect(await bridge.call('board.get', { sessionId: session.id })).toMatchObject({ rows: [] });

    expect(await bridge.call('access.lock', {})).toMatchObject({ locked: true, facilitator: null, lockedBecause: 'manual' });
    expect(await bridge.send('board.get', { sessionId: session.id })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await bridge.send('session.end', { sessionId: session.id })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await bridge.call('session.current', {})).toMatchObject({ id: session.id, status: 'open' });
    expect(auditRows(core, 'access.locked')).toEqual([{ actor: TRAINING_FACILITATOR, subject: expect.any(String), data: { reason: 'manual' } }]);
    // Locking a locked kiosk changes nothing.
    expect(await bridge.call('access.lock', {})).toMatchObject({ locked: true, lockedBecause: 'manual' });
    expect(auditRows(core, 'access.locked')).toHaveLength(1);
  });
});

describe('the idle lock', () => {
  it('locks by itself after idleLockSeconds without facilitator calls, announcing why; passive reads (board.get) do not keep it unlocked', async () => {
    const { core, events } = trainingCore({ access: { idleLockSeconds: 5 } });
    await dispatchOk(core, 'access.unlock', { pin: TRAINING_FACILITATOR_PIN });
    const session = await dispatchOk(core, 'session.start', { department: 'Research', room: 'B-204', plannedMinutes: 30 });
    const lastActive = Date.now();

    // A board on screen re-reads by itself; those reads are answered while unlocked, then refused.
    const answers: string[] = [];
    await vi.waitFor(
      async () => {
        const envelope = await core.dispatch('board.get', { sessionId: session.id }, ctx);
        answers.push(envelope.ok ? 'ok' : envelope.error.code);
        expect(answers.at(-1)).toBe('locked');
      },
      { timeout: 15_000, interval: 400 },
    );
    expect(Date.now() - lastActive).toBeGreaterThanOrEqual(4_500);
    expect(answers.filter((answer) => answer === 'ok').length).toBeGreaterThan(3);
    expect(core.access.state()).toMatchObject({ locked: true, lockedBecause: 'idle', facilitator: null });
    const changes = events.filter((event) => event.name === 'access.changed').map((event) => event.payload as AccessState);
    expect(changes.at(-1)).toMatchObject({ locked: true, lockedBecause: 'idle' });
    expect(auditRows(core, 'access.locked')).toEqual([{ actor: TRAINING_FACILITATOR, subject: expect.any(String), data: { reason: 'idle' } }]);
  });
});

/** A production kiosk: a real IdP configured, keys over "USB" (virtual keys the test plugs in and pulls). */
function productionCore(): { core: Core; plug(server: VirtualAuthenticatorServer | null): void } {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-access-prod-'));
  dirs.push(dir);
  const port = usbPort();
  const idp = {
    kind: 'keycloak',
    baseUrl: 'https://id.example.invalid',
    realm: 'staff',
    clientId: 'kiosk',
    clientSecretRef: 'kc',
    webauthn: { rpId: 'id.example.invalid', origin: 'https://id.example.invalid' },
  } as const;
  const core = createCore({
    config: kioskConfigSchema.parse({ idp }),
    dataDir: join(dir, 'data'),
    version: 'lock-test',
    ports: { hid: port.hid, secrets: { get: async () => null, set: async () => {}, delete: async () => {} } },
  });
  cleanups.push(() => core.close());
  return {
    core,
    plug: (server) => port.plug(server ? server.port : null),
  };
}

async function virtualKey(): Promise<VirtualAuthenticatorServer> {
  const server = await startVirtualAuthenticatorServer();
  cleanups.push(() => server.close());
  return server;
}

describe('production: the first facilitator key, set up with a one-time code', () => {
  const idaPin = '583920';

  /** Issues a code the way `enrollment-kiosk setup` does: only its hash is stored, valid for a day. */
  function issueSetupCode(core: Core): string {
    const code = newSetupCode();
    const now = new Date();
    new FacilitatorKeysRepository(core.db).addSetupCode(setupCodeHash(code), 'command', now.toISOString(), new Date(now.getTime() + 86_400_000).toISOString());
    return code;
  }

  it('needs the setup code, uses it once, and unlocks with the enrolled key, naming its person; a key not enrolled cannot unlock', async () => {
    const { core, plug } = productionCore();
    const ida = await virtualKey();
    plug(ida);
    expect(await dispatchOk(core, 'app.info', {})).toMatchObject({ mode: 'production' });
    expect(await dispatchOk(core, 'access.state', {})).toMatchObject({ locked: true, setupNeeded: true, trainingKeyPin: null });

    const enroll = { name: 'Ida Admin', role: 'it', pin: idaPin } as const;
    expect(await core.dispatch('access.enroll', enroll, ctx)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await core.dispatch('access.enroll', { ...enroll, setupCode: 'ABCD-EFGH-JKMN' }, ctx)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await core.dispatch('access.unlock', { pin: idaPin }, ctx)).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const setupCode = issueSetupCode(core);
    // A try without the key plugged in fails and leaves the code valid for the next try.
    plug(null);
    expect(await core.dispatch('access.enroll', { ...enroll, setupCode }, ctx)).toMatchObject({ ok: false, error: { code: 'key_not_found' } });
    plug(ida);
    // The first key is IT's (IT adds the others): another role is refused before the code is tried, which stays valid.
    expect(await core.dispatch('access.enroll', { ...enroll, role: 'facilitator', setupCode }, ctx)).toMatchObject({ ok: false, error: { code: 'forbidden', reason: 'access.firstKeyRole', params: { roles: 'it' } } });
    const enrolled = await dispatchOk(core, 'access.enroll', { ...enroll, setupCode: setupCode.toLowerCase() });
    // The only key: the list says it cannot be removed (the core refuses removing the last).
    expect(enrolled.key).toMatchObject({ name: 'Ida Admin', role: 'it', createdBy: 'setup code', lastUsedAt: null, removable: false });
    expect(enrolled.state).toMatchObject({ locked: true, setupNeeded: false });
    expect(new FacilitatorKeysRepository(core.db).setupCodeUsed(setupCodeHash(setupCode))).toBe(true);
    expect(ida.authenticator.describe()).toMatchObject({ pinSet: true });
    expect(auditRows(core, 'access.keyEnrolled')).toEqual([
      { actor: 'setup code', subject: enrolled.key.id, data: expect.objectContaining({ name: 'Ida Admin', role: 'it', firstKey: true }) },
    ]);

    // Should the kiosk ever need setting up again (its keys gone), the used code does not set it up a second time.
    core.db.prepare('UPDATE facilitator_keys SET removed_at = ?').run(new Date().toISOString());
    expect((await dispatchOk(core, 'access.state', {})).setupNeeded).toBe(true);
    expect(await core.dispatch('access.enroll', { ...enroll, name: 'Mallory', setupCode }, ctx)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    core.db.prepare('UPDATE facilitator_keys SET removed_at = NULL').run();

    const unlocked = await dispatchOk(core, 'access.unlock', { pin: idaPin });
    expect(unlocked).toMatchObject({ locked: false, facilitator: { id: enrolled.key.id, name: 'Ida Admin', role: 'it', roles: ['it'] } });
    expect(auditRows(core, 'access.unlocked')).toEqual([{ actor: 'Ida Admin', subject: enrolled.key.id, data: expect.objectContaining({ role: 'it' }) }]);
    // IT's key unlocks IT's calls, not a facilitator's.
    expect(await dispatchOk(core, 'custody.list', {})).toMatchObject({ envelopes: [], labelMissing: 0 });
    expect(await core.dispatch('session.start', { department: 'IT', room: 'A-1', plannedMinutes: 30 }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', reason: 'access.roleNeeded', params: { roles: 'facilitator' } },
    });
    await dispatchOk(core, 'access.lock', {});

    // Someone else's key (an attendee's, say) holds no credential of this kiosk: refused.
    const stranger = await virtualKey();
    plug(stranger);
    expect(await core.dispatch('access.unlock', { pin: idaPin }, ctx)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(core.access.state()).toMatchObject({ locked: true, facilitator: null });
    expect(auditRows(core, 'access.unlocked')).toHaveLength(1);
  });

  it('checks the sign-in against the stored public key (@simplewebauthn/server): a tampered key row unlocks nothing', async () => {
    const { core, plug } = productionCore();
    const ida = await virtualKey();
    plug(ida);
    const enrolled = await dispatchOk(core, 'access.enroll', { name: 'Ida Admin', role: 'it', pin: idaPin, setupCode: issueSetupCode(core) });
    const stored = core.db.prepare('SELECT public_key FROM facilitator_keys WHERE id = ?').pluck().get(enrolled.key.id) as string;

    // Another P-256 key in the same COSE shape: well-formed, but not the key that signs.
    const cose = decode(Buffer.from(stored, 'base64url'), { useMaps: true }) as Map<number, unknown>;
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
    cose.set(-2, new Uint8Array(Buffer.from(other.x!, 'base64url')));
    cose.set(-3, new Uint8Array(Buffer.from(other.y!, 'base64url')));
    core.db.prepare('UPDATE facilitator_keys SET public_key = ? WHERE id = ?').run(Buffer.from(encode(cose)).toString('base64url'), enrolled.key.id);

    const refused = await core.dispatch('access.unlock', { pin: idaPin }, ctx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(core.access.state()).toMatchObject({ locked: true, facilitator: null });
    expect(auditRows(core, 'access.unlocked')).toEqual([]);
    expect(await core.dispatch('session.start', { department: 'IT', room: 'A-1', plannedMinutes: 30 }, ctx)).toMatchObject({ ok: false, error: { code: 'locked' } });

    // The same key, PIN and row with its true public key back: it unlocks, so the refusal was the tampered key's.
    core.db.prepare('UPDATE facilitator_keys SET public_key = ? WHERE id = ?').run(stored, enrolled.key.id);
    expect(await dispatchOk(core, 'access.unlock', { pin: idaPin })).toMatchObject({ locked: false, facilitator: { name: 'Ida Admin' } });
  });
});
