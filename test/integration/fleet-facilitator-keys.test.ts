import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_FACILITATOR_PIN } from '../../electron/core/access/training-facilitator-key';
import { startVirtualAuthenticatorServer, type VirtualAuthenticatorServer } from '../../electron/core/fido/virtual';
import { FLEET_DATABASE, startFleetDatabase, type FleetDatabase } from '../fixtures/fleet-database';
import { secretsOf } from './helpers/fleet-kiosk';
import { sessionCore } from './helpers/session-core';
import { until } from './helpers/until';
import { usbPort } from './helpers/usb-port';

/**
 * Issue 16, facilitator keys across the fleet, against a real PostgreSQL 15: a key enrolled at
 * one kiosk unlocks every kiosk of the fleet; removed at any kiosk, it stops everywhere at the
 * next contact; through a fleet outage a kiosk unlocks with its copy of another kiosk's key
 * while the copy is young and refuses it, saying why, once it is older than the fleet allows;
 * a removal is a row of the removing kiosk's, which no other kiosk can forge, change or delete.
 * Keys are virtual authenticators plugged into each kiosk's "USB port", so one key visits both.
 */

const IDA = { name: 'Ida IT', role: 'it', pin: '583920' } as const;
const FRAN = { name: 'Fran Facilitator', role: 'facilitator', pin: '730461' } as const;

let fleet: FleetDatabase;
beforeAll(async () => {
  fleet = await startFleetDatabase();
});
afterAll(() => fleet?.stop());

const closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

/** A training kiosk of the fleet with a USB port the test plugs keys into; locked until the test unlocks. */
async function fleetKiosk(role: string, kioskName: string) {
  const entry = fleet.addKiosk(role, { kioskName });
  const port = usbPort();
  const h = sessionCore({ fleet: entry.config }, { secrets: secretsOf(entry.secrets), hid: port.hid }, { unlocked: false, fleetSink: { pollMs: 20 } });
  closing.push(() => h.close());
  await h.core.fleet.whenReady();
  return {
    ...h,
    plug: (key: VirtualAuthenticatorServer | null) => port.plug(key ? key.port : null),
    /** Unlocks with the kiosk's built-in training key (no key of the test plugged in). */
    async unlockWithTrainingKey() {
      port.plug(null);
      await h.call('access.unlock', { pin: TRAINING_FACILITATOR_PIN });
    },
    audit(action: string) {
      return (h.core.db.prepare('SELECT actor, subject, data FROM audit_log WHERE action = ? ORDER BY seq').all(action) as Array<{ actor: string; subject: string; data: string }>).map(
        (row) => ({ ...row, data: JSON.parse(row.data) as Record<string, unknown> }),
      );
    },
  };
}
type Kiosk = Awaited<ReturnType<typeof fleetKiosk>>;

async function virtualKey(): Promise<VirtualAuthenticatorServer> {
  const server = await startVirtualAuthenticatorServer();
  closing.push(() => server.close());
  return server;
}

/** Kiosk A (Room A) enrolls Ida's (IT) and Fran's (facilitator) keys, and the fleet has them; kiosk B (Room B) knows neither locally. */
async function twoKiosksKeysAtA(prefix: string) {
  const a = await fleetKiosk(`${prefix}_a`, `Room A ${prefix}`);
  const b = await fleetKiosk(`${prefix}_b`, `Room B ${prefix}`);
  const ida = await virtualKey();
  const fran = await virtualKey();
  await a.unlockWithTrainingKey();
  a.plug(ida);
  const idaKey = (await a.call('access.enroll', IDA)).key;
  // A minute apart, so the lists show them in the order they were enrolled.
  a.advanceMinutes(1);
  a.plug(fran);
  const franKey = (await a.call('access.enroll', FRAN)).key;
  a.plug(null);
  await a.call('access.lock', {});
  await a.core.fleet.flush();
  return { a, b, ida, fran, idaKey, franKey };
}

async function unlockWith(kiosk: Kiosk, key: VirtualAuthenticatorServer, pin: string) {
  kiosk.plug(key);
  return kiosk.core.dispatch('access.unlock', { pin }, { transport: 'test' });
}

async function asRole(user: string) {
  const client = new pg.Client({ host: fleet.cluster.host, port: fleet.cluster.port, database: FLEET_DATABASE, user, password: `pw-${user}` });
  await client.connect();
  return client;
}

describe('facilitator keys across the fleet', () => {
  it('a key enrolled at kiosk A unlocks kiosk B, naming its facilitator, audited with where it was enrolled; B lists it with kiosk A\'s name and keeps its own sign counter; removed at A, B drops it at the next contact', async () => {
    const { a, b, ida, fran, idaKey } = await twoKiosksKeysAtA('kiosk_keys_one');
    expect(b.core.db.prepare('SELECT count(*) FROM facilitator_keys WHERE credential_id IN (SELECT credential_id FROM fleet_key_cache)').pluck().get()).toBe(0);

    const unlocked = await unlockWith(b, ida, IDA.pin);
    expect(unlocked).toMatchObject({ ok: true, result: { locked: false, facilitator: { id: idaKey.id, name: 'Ida IT', role: 'it', roles: ['it'] } } });
    expect(b.audit('access.unlocked')).toEqual([{ actor: 'Ida IT', subject: idaKey.id, data: expect.objectContaining({ role: 'it', by: 'pin', enrolledAt: 'kiosk_keys_one_a' }) }]);

    // The fleet holds other tests' kiosks too: only these two kiosks' keys are this test's.
    const keys = (await b.call('access.keys', {})).keys.filter((key) => key.enrolledAt?.kioskId.startsWith('kiosk_keys_one_'));
    // B's own built-in training key, and A's two keys; A's built-in training key stays A's (nobody can carry it).
    expect(keys.map((key) => [key.name, key.enrolledAt])).toEqual([
      ['Training facilitator', { kioskId: 'kiosk_keys_one_b', kioskName: 'Room B kiosk_keys_one', here: true }],
      ['Ida IT', { kioskId: 'kiosk_keys_one_a', kioskName: 'Room A kiosk_keys_one', here: false }],
      ['Fran Facilitator', { kioskId: 'kiosk_keys_one_a', kioskName: 'Room A kiosk_keys_one', here: false }],
    ]);
    expect(keys.find((key) => key.name === 'Ida IT')).toMatchObject({ roles: ['it'], copiedAt: expect.any(String), lastUsedAt: expect.any(String) });

    // A key of another kiosk is not enrolled here a second time: the key itself refuses (excludeCredentials).
    b.plug(fran);
    expect(await b.fail('access.enroll', { ...FRAN, name: 'Fran again' })).toMatchObject({ code: 'key_already_registered', reason: 'access.keyAlreadyEnrolled' });

    // Each kiosk keeps its own counter for the credential: B's copy moved, A's own row did not.
    const counterAtB = b.core.db.prepare('SELECT sign_count FROM fleet_key_cache WHERE id = ?').pluck().get(idaKey.id) as number;
    const counterAtA = a.core.db.prepare('SELECT sign_count FROM facilitator_keys WHERE id = ?').pluck().get(idaKey.id) as number;
    expect(counterAtB).toBeGreaterThan(counterAtA);
    // Unlocking at A afterwards still works: the key's counter only ever grows, whichever kiosk saw it last.
    expect(await unlockWith(a, ida, IDA.pin)).toMatchObject({ ok: true, result: { facilitator: { name: 'Ida IT' } } });
    expect(a.audit('access.unlocked').at(-1)?.data).toMatchObject({ enrolledAt: 'kiosk_keys_one_a' });

    // Removed at its own kiosk, the key's row says so in the fleet, and B drops its copy at the next contact.
    await a.call('access.lock', {});
    await a.unlockWithTrainingKey();
    await a.call('access.remove', { id: idaKey.id });
    await a.core.fleet.flush();
    await b.call('access.lock', {});
    expect(await unlockWith(b, ida, IDA.pin)).toMatchObject({ ok: false });
    expect(b.core.facilitatorKeys.list().some((key) => key.id === idaKey.id)).toBe(false);
  });

  it('a key removed at kiosk B stops at B at once and at kiosk A at the next contact: A, unlocked with it, locks, and its own key row is removed and audited', async () => {
    const { a, b, ida, fran, franKey } = await twoKiosksKeysAtA('kiosk_keys_two');
    expect(await unlockWith(a, fran, FRAN.pin)).toMatchObject({ ok: true, result: { facilitator: { name: 'Fran Facilitator' } } });

    expect(await unlockWith(b, ida, IDA.pin)).toMatchObject({ ok: true });
    const ours = (keys: Array<{ name: string; enrolledAt: { kioskId: string } | null }>) => keys.filter((key) => key.enrolledAt?.kioskId.startsWith('kiosk_keys_two_')).map((key) => key.name);
    const after = await b.call('access.remove', { id: franKey.id });
    expect(ours(after.keys)).toEqual(['Training facilitator', 'Ida IT']);
    expect(b.audit('access.keyRemoved')).toEqual([{ actor: 'Ida IT', subject: franKey.id, data: { name: 'Fran Facilitator', role: 'facilitator', enrolledAt: 'kiosk_keys_two_a' } }]);
    await b.call('access.lock', {});
    // Fran's key holds no credential that unlocks B any more (the training kiosk then tries her PIN on its built-in key, which refuses it).
    expect(await unlockWith(b, fran, FRAN.pin)).toMatchObject({ ok: false });
    expect(b.core.access.state()).toMatchObject({ locked: true, facilitator: null });

    // The removal reaches the fleet as B's row; A's next contact (the minute's refresh) drops the key and locks A, which Fran had unlocked.
    await b.core.fleet.flush();
    expect(a.core.access.state()).toMatchObject({ locked: false, facilitator: { name: 'Fran Facilitator' } });
    expect(await a.core.facilitatorKeys.inForce.refresh()).toBe(true);
    expect(a.core.access.state()).toMatchObject({ locked: true, facilitator: null });
    expect(a.core.db.prepare('SELECT removed_at IS NOT NULL FROM facilitator_keys WHERE id = ?').pluck().get(franKey.id)).toBe(1);
    expect(a.audit('access.keyRemoved')).toEqual([{ actor: 'Ida IT', subject: franKey.id, data: { name: 'Fran Facilitator', role: 'facilitator', removedAt: 'kiosk_keys_two_b' } }]);
    expect(await unlockWith(a, fran, FRAN.pin)).toMatchObject({ ok: false });
    expect(a.audit('access.unlocked').filter((row) => row.subject === franKey.id)).toHaveLength(1);
    // Ida's key was not removed: it still unlocks both.
    expect(await unlockWith(a, ida, IDA.pin)).toMatchObject({ ok: true, result: { facilitator: { name: 'Ida IT' } } });

    // A third kiosk joining later never copies the removed key.
    const c = await fleetKiosk('kiosk_keys_two_c', 'Room C kiosk_keys_two');
    await c.unlockWithTrainingKey();
    expect(ours((await c.call('access.keys', {})).keys)).toEqual(['Training facilitator', 'Ida IT']);
  });

  it('through a fleet outage kiosk B unlocks with its copy of A\'s key while the copy is young, refuses it saying why once older than keyCacheMaxAgeHours, and takes it again once the fleet is back', async () => {
    const { b, ida, idaKey } = await twoKiosksKeysAtA('kiosk_keys_three');
    expect(await unlockWith(b, ida, IDA.pin)).toMatchObject({ ok: true });
    await b.call('access.lock', {});

    fleet.cluster.stopServer();
    try {
      b.advanceMinutes(71 * 60);
      expect(await unlockWith(b, ida, IDA.pin)).toMatchObject({ ok: true, result: { facilitator: { name: 'Ida IT' } } });
      await b.call('access.lock', {});

      b.advanceMinutes(2 * 60);
      const refused = await unlockWith(b, ida, IDA.pin);
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'unavailable', reason: 'access.fleetKeyCopyTooOld', params: { name: 'Ida IT', kiosk: 'Room A kiosk_keys_three', hours: 73, maxHours: 72 } },
      });
      expect(b.core.access.state()).toMatchObject({ locked: true, facilitator: null });
      expect(b.audit('access.unlocked').filter((row) => row.subject === idaKey.id)).toHaveLength(2);
      // A key enrolled at this kiosk still unlocks it.
      await b.unlockWithTrainingKey();
      expect(b.core.access.state()).toMatchObject({ locked: false, facilitator: { name: 'Training facilitator' } });
      await b.call('access.lock', {});
    } finally {
      fleet.cluster.startServer();
    }
    // Back in contact: the unlock refreshes the copy first, and the key unlocks again.
    await until('kiosk B to reach the fleet again', () => b.core.facilitatorKeys.inForce.refresh());
    expect(await unlockWith(b, ida, IDA.pin)).toMatchObject({ ok: true, result: { facilitator: { name: 'Ida IT' } } });
  });

  it('removes another kiosk\'s key during a fleet outage: refused here at once, and the removal reaches the fleet (and kiosk A) once it is back', async () => {
    const { a, b, ida, fran, franKey } = await twoKiosksKeysAtA('kiosk_keys_five');
    expect(await unlockWith(b, ida, IDA.pin)).toMatchObject({ ok: true });
    fleet.cluster.stopServer();
    try {
      const after = await b.call('access.remove', { id: franKey.id });
      expect(after.keys.some((key) => key.id === franKey.id)).toBe(false);
      await b.call('access.lock', {});
      expect(await unlockWith(b, fran, FRAN.pin)).toMatchObject({ ok: false });
      expect(b.core.fleet.status().waiting).toBeGreaterThan(0);
    } finally {
      fleet.cluster.startServer();
    }
    // The copy refreshed from a fleet that does not know of the removal yet does not bring the key back.
    await until('kiosk B to reach the fleet again', () => b.core.facilitatorKeys.inForce.refresh());
    expect(b.core.facilitatorKeys.list().some((key) => key.id === franKey.id)).toBe(false);
    await until('the removal to drain', async () => b.core.fleet.status().waiting === 0, 30_000);
    await until('kiosk A to hear of it', async () => (await a.core.facilitatorKeys.inForce.refresh()) && !a.core.facilitatorKeys.list().some((key) => key.id === franKey.id));
    expect(a.audit('access.keyRemoved')).toEqual([{ actor: 'Ida IT', subject: franKey.id, data: { name: 'Fran Facilitator', role: 'facilitator', removedAt: 'kiosk_keys_five_b' } }]);
  });

  it("records a removal as the removing kiosk's row, which another kiosk's role can neither forge, change nor delete", async () => {
    const { b, ida, franKey } = await twoKiosksKeysAtA('kiosk_keys_four');
    expect(await unlockWith(b, ida, IDA.pin)).toMatchObject({ ok: true });
    await b.call('access.remove', { id: franKey.id });
    await b.core.fleet.flush();

    const admin = await fleet.cluster.adminClient(FLEET_DATABASE);
    try {
      const rows = (await admin.query("SELECT kiosk_id, key_local_id, key_kiosk_id, removed_by FROM fleet.facilitator_key_removals WHERE key_kiosk_id = 'kiosk_keys_four_a'")).rows;
      expect(rows).toEqual([{ kiosk_id: 'kiosk_keys_four_b', key_local_id: franKey.id, key_kiosk_id: 'kiosk_keys_four_a', removed_by: 'Ida IT' }]);
    } finally {
      await admin.end();
    }

    const asA = await asRole('kiosk_keys_four_a');
    try {
      const refused = async (sql: string) => (await asA.query(sql).then(() => null, (error: { code?: string }) => error.code)) ?? `${sql}: allowed`;
      expect(
        await refused(
          "INSERT INTO fleet.facilitator_key_removals (kiosk_id, local_id, key_local_id, credential_id, key_kiosk_id, removed_at, removed_by) VALUES ('kiosk_keys_four_b', 99, 'x', 'y', 'kiosk_keys_four_a', now(), 'Mallory')",
        ),
      ).toBe('42501');
      expect(await refused("UPDATE fleet.facilitator_key_removals SET removed_by = 'Mallory'")).toBe('42501');
      expect(await refused('DELETE FROM fleet.facilitator_key_removals')).toBe('42501');
      // Its own removals it may record; every kiosk reads every removal.
      await asA.query(
        "INSERT INTO fleet.facilitator_key_removals (local_id, key_local_id, credential_id, key_kiosk_id, removed_at, removed_by) VALUES (1, 'x', 'y', 'kiosk_keys_four_b', now(), 'Ida IT')",
      );
      expect(Number((await asA.query("SELECT count(*) FROM fleet.facilitator_key_removals WHERE kiosk_id = 'kiosk_keys_four_b'")).rows[0].count)).toBe(1);
    } finally {
      await asA.end();
    }
  });
});
