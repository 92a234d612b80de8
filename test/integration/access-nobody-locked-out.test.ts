import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newSetupCode, setupCodeHash } from '../../electron/core/access/setup-code';
import { TRAINING_FACILITATOR_PIN } from '../../electron/core/access/training-facilitator-key';
import { createCore, type Core } from '../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../electron/core/config/schema';
import { startVirtualAuthenticatorServer } from '../../electron/core/fido/virtual';
import { FacilitatorKeysRepository } from '../../electron/core/store/facilitator-keys-repository';
import type { ResponseEnvelope } from '../../shared/contract/envelope';
import type { ErrorBody } from '../../shared/contract/errors';
import { T0 } from './helpers/session-core';
import { usbPort } from './helpers/usb-port';

/**
 * Issue 14, item 4: nobody locks the facilitators out. The built-in training key's "re-plug"
 * state (three wrong PINs in a row) clears itself after a short wait, measured on the kiosk's
 * clock, which the test moves; its PIN tries left are written after every try and survive a
 * restart; a key blocked for good is replaced by a fresh one. Unlock and setup-code attempts
 * are limited per kiosk (five failed ones a minute, then a wait) and the wait survives a
 * restart; every attempt is in the audit log, never the PIN or the code.
 */

const WRONG = ['135790', '975318', '864209', '192837', '564738', '102938', '847561', '293847'];
const dirs: string[] = [];
const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A clock the test moves, shared by every core it starts on one data dir. */
function testClock() {
  let now = T0;
  return { clock: { now: () => new Date(now) }, advance: (ms: number) => (now += ms), elapsed: () => now - T0 };
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-locked-out-'));
  dirs.push(dir);
  return dir;
}

function trainingCore(dir: string, clock: { now(): Date }): Core {
  const core = createCore({ config: kioskConfigSchema.parse({}), dataDir: dir, version: 'locked-out-test', ports: { clock } });
  cores.push(core);
  return core;
}

async function stop(core: Core): Promise<void> {
  cores.splice(cores.indexOf(core), 1);
  await core.close();
}

const unlock = (core: Core, pin: string): Promise<ResponseEnvelope> => core.dispatch('access.unlock', { pin }, { transport: 'test' });

async function refused(reply: Promise<ResponseEnvelope>): Promise<ErrorBody> {
  const envelope = await reply;
  if (envelope.ok) throw new Error('expected a refusal');
  return envelope.error;
}

/** What the built-in key's state file says: its PIN tries left, as a restart would read them. */
function triesLeftOnDisk(dir: string): number {
  return (JSON.parse(readFileSync(join(dir, 'training-facilitator-key.json'), 'utf8')) as { pinRetries: number }).pinRetries;
}

function attempts(core: Core): Array<Record<string, unknown>> {
  return (core.db.prepare("SELECT data FROM audit_log WHERE action = 'access.attempt' ORDER BY seq").pluck().all() as string[]).map((data) => JSON.parse(data) as Record<string, unknown>);
}

describe('the built-in training key cannot lock the facilitators out', () => {
  it('three wrong PINs, then the right PIN unlocks without a restart once the key\'s re-plug wait is over; after five failed attempts within a minute the next one waits', async () => {
    const dir = dataDir();
    const time = testClock();
    const core = trainingCore(dir, time.clock);

    expect(await refused(unlock(core, WRONG[0]!))).toMatchObject({ code: 'key_pin_invalid', details: { retries: 7 } });
    expect(await refused(unlock(core, WRONG[1]!))).toMatchObject({ code: 'key_pin_invalid', details: { retries: 6 } });
    // The third in a row: a real key now wants unplugging; this one rests and says for how long.
    expect(await refused(unlock(core, WRONG[2]!))).toMatchObject({
      code: 'retry_later',
      reason: 'access.trainingKeyResting',
      params: { seconds: 10 },
      details: { retryAfterMs: 10_000, retryAt: new Date(T0 + 10_000).toISOString() },
    });
    // Written after every try, not only when the sign counter moves.
    expect(triesLeftOnDisk(dir)).toBe(5);
    // While it rests, even the right PIN does not reach it.
    expect(await refused(unlock(core, TRAINING_FACILITATOR_PIN))).toMatchObject({ code: 'retry_later', reason: 'access.trainingKeyResting' });
    expect(triesLeftOnDisk(dir)).toBe(5);

    time.advance(10_000);
    expect(await unlock(core, TRAINING_FACILITATOR_PIN)).toMatchObject({ ok: true, result: { locked: false, facilitator: { name: 'Training facilitator' } } });
    expect(triesLeftOnDisk(dir)).toBe(8);
    await core.dispatch('access.lock', {}, { transport: 'test' });

    // The fifth failed attempt within the minute; the next one waits, the right PIN included, and the key is not asked.
    expect(await refused(unlock(core, WRONG[3]!))).toMatchObject({ code: 'key_pin_invalid', details: { retries: 7 } });
    const waits = await refused(unlock(core, TRAINING_FACILITATOR_PIN));
    expect(waits).toMatchObject({ code: 'retry_later', reason: 'access.tooManyAttempts', params: { seconds: 50 }, details: { retryAfterMs: 50_000, retryAt: new Date(T0 + 60_000).toISOString() } });
    expect(triesLeftOnDisk(dir)).toBe(7);

    time.advance(50_000);
    expect(await unlock(core, TRAINING_FACILITATOR_PIN)).toMatchObject({ ok: true, result: { locked: false } });
    expect(attempts(core).map((data) => `${String(data['outcome'])} ${String(data['error'] ?? '')}`.trim())).toEqual([
      'failed key_pin_invalid',
      'failed key_pin_invalid',
      'failed retry_later',
      'failed retry_later',
      'succeeded',
      'failed key_pin_invalid',
      'refused',
      'succeeded',
    ]);
    const audit = JSON.stringify(core.db.prepare('SELECT actor, data FROM audit_log').all());
    for (const pin of [TRAINING_FACILITATOR_PIN, ...WRONG]) expect(audit).not.toContain(pin);
  });

  it('keeps its PIN tries left across a restart, and the wait after five failures too', async () => {
    const dir = dataDir();
    const time = testClock();
    const first = trainingCore(dir, time.clock);
    for (const [index, pin] of WRONG.slice(0, 2).entries()) expect(await refused(unlock(first, pin))).toMatchObject({ details: { retries: 7 - index } });
    expect(await refused(unlock(first, WRONG[2]!))).toMatchObject({ reason: 'access.trainingKeyResting' });
    for (const pin of WRONG.slice(3, 5)) expect(await refused(unlock(first, pin))).toMatchObject({ reason: 'access.trainingKeyResting' });
    await stop(first);

    // A restart power-cycles the key (the three-in-a-row block is gone), but neither hands out fresh PIN tries nor ends the wait.
    time.advance(5_000);
    const second = trainingCore(dir, time.clock);
    expect(await refused(unlock(second, TRAINING_FACILITATOR_PIN))).toMatchObject({ code: 'retry_later', reason: 'access.tooManyAttempts', details: { retryAfterMs: 55_000 } });
    time.advance(55_000);
    expect(await refused(unlock(second, WRONG[5]!))).toMatchObject({ code: 'key_pin_invalid', details: { retries: 4 } });
    expect(await unlock(second, TRAINING_FACILITATOR_PIN)).toMatchObject({ ok: true, result: { locked: false } });
  });

  it('replaces a key whose PIN wrong tries blocked for good with a fresh training key, enrolled and audited', async () => {
    const dir = dataDir();
    const time = testClock();
    const core = trainingCore(dir, time.clock);
    await core.facilitatorKeys.enrollBuiltInKey('Training facilitator');
    const [worn] = core.facilitatorKeys.list();
    const tries = async (pins: string[]) => {
      const outcomes: string[] = [];
      for (const pin of pins) outcomes.push((await refused(unlock(core, pin))).code);
      return outcomes;
    };
    // Eight wrong PINs, with the key's rests after three in a row and the kiosk's wait after five failures.
    expect(await tries(WRONG.slice(0, 3))).toEqual(['key_pin_invalid', 'key_pin_invalid', 'retry_later']);
    time.advance(10_000);
    expect(await tries(WRONG.slice(3, 5))).toEqual(['key_pin_invalid', 'key_pin_invalid']);
    time.advance(60_000);
    expect(await tries(WRONG.slice(5, 6))).toEqual(['retry_later']);
    time.advance(10_000);
    expect(await tries(WRONG.slice(6, 7))).toEqual(['key_pin_invalid']);
    expect(triesLeftOnDisk(dir)).toBe(1);
    // The eighth blocks the key's PIN for good: the kiosk puts in a fresh training key with the same PIN.
    expect(await refused(unlock(core, WRONG[7]!))).toMatchObject({ code: 'key_pin_blocked', reason: 'access.trainingKeyReplaced' });
    expect(triesLeftOnDisk(dir)).toBe(8);
    const [fresh] = core.facilitatorKeys.list();
    expect(fresh).toMatchObject({ name: 'Training facilitator', createdBy: 'training' });
    expect(fresh!.id).not.toBe(worn!.id);
    const replaced = core.db.prepare("SELECT actor, data FROM audit_log WHERE action = 'access.builtInKeyReplaced'").all() as Array<{ actor: string; data: string }>;
    expect(replaced.map((row) => ({ actor: row.actor, data: JSON.parse(row.data) as unknown }))).toEqual([{ actor: 'training', data: { reason: 'pinBlocked', removedKeys: [worn!.id] } }]);
    expect(core.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'access.keyEnrolled'").pluck().get()).toBe(2);

    expect(await unlock(core, TRAINING_FACILITATOR_PIN)).toMatchObject({ ok: true, result: { locked: false, facilitator: { id: fresh!.id, name: 'Training facilitator' } } });
  });
});

describe('the kiosk\'s limit on attempts', () => {
  it('counts unlock attempts still under way: of ten sent at once, five are tried and five refused at once', async () => {
    const time = testClock();
    const core = trainingCore(dataDir(), time.clock);
    await core.facilitatorKeys.enrollBuiltInKey('Training facilitator');
    const answers = await Promise.all(WRONG.concat(WRONG.slice(0, 2)).map((pin) => unlock(core, pin)));
    const refusedAtOnce = answers.filter((answer) => !answer.ok && answer.error.reason === 'access.tooManyAttempts');
    expect(refusedAtOnce).toHaveLength(5);
    expect(answers.every((answer) => !answer.ok)).toBe(true);
    expect(attempts(core).map((data) => data['outcome']).sort()).toEqual([...Array<string>(5).fill('failed'), ...Array<string>(5).fill('refused')]);
  });


  it('does not try 200 wrong setup codes at once: the sixth within a minute is refused without checking the code, which still works once the wait is over', async () => {
    const dir = dataDir();
    const time = testClock();
    const port = usbPort();
    const key = await startVirtualAuthenticatorServer();
    port.plug(key.port);
    const idp = { kind: 'keycloak', baseUrl: 'https://id.example.invalid', realm: 'staff', clientId: 'kiosk', clientSecretRef: 'kc', webauthn: { rpId: 'id.example.invalid', origin: 'https://id.example.invalid' } } as const;
    const core = createCore({
      config: kioskConfigSchema.parse({ idp }),
      dataDir: dir,
      version: 'locked-out-test',
      ports: { clock: time.clock, hid: port.hid, secrets: { get: async () => null, set: async () => {}, delete: async () => {} } },
    });
    cores.push(core);
    try {
      const code = newSetupCode();
      new FacilitatorKeysRepository(core.db).addSetupCode(setupCodeHash(code), 'command', new Date(T0).toISOString(), new Date(T0 + 86_400_000).toISOString());
      const enroll = (setupCode: string) => core.dispatch('access.enroll', { name: 'Ida Admin', role: 'it', pin: '583920', setupCode }, { transport: 'test' });
      const wrongCodes = Array.from({ length: 200 }, () => newSetupCode()).filter((candidate) => candidate !== code);

      // A burst, as a script would send it.
      const answers = await Promise.all(wrongCodes.map((wrong) => enroll(wrong)));
      const reasons = answers.map((answer) => (answer.ok ? 'ok' : `${answer.error.code} ${answer.error.reason ?? ''}`));
      expect(reasons.filter((reason) => reason === 'forbidden access.setupCodeInvalid')).toHaveLength(5);
      expect(reasons.filter((reason) => reason === 'retry_later access.tooManyAttempts')).toHaveLength(wrongCodes.length - 5);
      // The right code is not even looked at during the wait.
      expect(await enroll(code)).toMatchObject({ ok: false, error: { code: 'retry_later', details: { retryAfterMs: 60_000 } } });
      expect(key.authenticator.describe()).toMatchObject({ pinSet: false, discoverableCredentials: 0 });

      const outcomes = attempts(core).map((data) => `${String(data['kind'])} ${String(data['outcome'])}`);
      expect(outcomes.filter((outcome) => outcome === 'setupCode failed')).toHaveLength(5);
      expect(outcomes.filter((outcome) => outcome === 'setupCode refused')).toHaveLength(wrongCodes.length - 5 + 1);
      const audit = JSON.stringify(core.db.prepare('SELECT actor, data FROM audit_log').all());
      for (const typed of [code, ...wrongCodes]) expect(audit).not.toContain(typed);

      time.advance(60_000);
      expect(await enroll(code)).toMatchObject({ ok: true, result: { key: { name: 'Ida Admin', createdBy: 'setup code' } } });
      expect(attempts(core).at(-1)).toEqual({ kind: 'setupCode', outcome: 'succeeded' });
    } finally {
      await key.close();
    }
  });
});
