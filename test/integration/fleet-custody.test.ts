import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../shared/contract/errors';
import { FLEET_DATABASE, startFleetDatabase, type FleetDatabase } from '../fixtures/fleet-database';
import { sealFor, sessionWithRoster, TRAINING_FACILITATOR } from './helpers/custody-setup';
import { fleetKioskCore } from './helpers/fleet-kiosk';
import { handOverTo } from './helpers/second-facilitator';

/**
 * Custody across the fleet, against a real PostgreSQL 15: IT at one kiosk finds and moves an
 * envelope another kiosk sealed, the kiosk that sealed it takes the move into its own record,
 * a move made meanwhile elsewhere is refused naming who, where and when, and with the fleet
 * down a move is refused and nothing changes anywhere.
 */
let fleet: FleetDatabase;
beforeAll(async () => {
  fleet = await startFleetDatabase();
});
afterAll(() => fleet?.stop());

type Harness = ReturnType<typeof fleetKioskCore>;

const fleetRows = async (sql: string, values: unknown[] = []) => {
  const client = await fleet.cluster.adminClient(FLEET_DATABASE);
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
};

/** Two kiosks of the fleet; at A an envelope sealed by the session's facilitator, in the fleet. */
async function twoKiosks(prefix: string) {
  const a = fleetKioskCore(fleet.addKiosk(`${prefix}_a`, { kioskName: `${prefix} Room A` }));
  const b = fleetKioskCore(fleet.addKiosk(`${prefix}_b`, { kioskName: `${prefix} Room B` }));
  const { sessionId, attendeeIds } = await sessionWithRoster(a, 'Finance Operations');
  const envelope = sealFor(a, sessionId, attendeeIds[0] ?? '');
  await Promise.all([a.core.fleet.whenReady(), b.core.fleet.whenReady()]);
  await a.core.fleet.flush();
  return { a, b, envelope, sessionId };
}

const localState = (h: Harness, id: string) => (h.core.db.prepare('SELECT state FROM envelopes WHERE id = ?').get(id) as { state: string }).state;
const auditActions = (h: Harness, code: string) =>
  (h.core.db.prepare('SELECT action, actor FROM audit_log WHERE subject = ? ORDER BY seq').all(code) as { action: string; actor: string }[]).map((r) => `${r.action} by ${r.actor}`);

describe('custody across the fleet', () => {
  it('finds an envelope sealed at kiosk A at kiosk B, moves it there, and kiosk A takes the move into its own record', async () => {
    const { a, b, envelope, sessionId } = await twoKiosks('cust_move');
    try {
      await handOverTo(b, 'Ida IT');
      const found = await b.call('custody.find', { code: envelope.sealNumber });
      if (found.kind !== 'found') throw new Error(`kiosk B did not find ${envelope.sealNumber}`);
      expect(found.source).toBe('fleet');
      expect(found.record).toMatchObject({
        envelope: { code: envelope.code, state: 'sealed', sessionId },
        owner: { department: 'Finance Operations' },
        session: { facilitator: TRAINING_FACILITATOR },
        next: ['collected', 'destroyed'],
        reprintable: false,
        fleet: { sealedAtKiosk: 'cust_move Room A', version: 0 },
      });
      expect(found.record.history.map((e) => e.action)).toEqual(['seal']);

      const moved = await b.call('custody.move', { code: envelope.code, to: 'collected', note: 'Picked up for the safe', version: 0 });
      expect(moved.envelope.state).toBe('collected');
      expect(moved.fleet).toEqual({ sealedAtKiosk: 'cust_move Room A', version: 1 });
      expect(moved.history.at(-1)).toMatchObject({ action: 'move', from: 'sealed', to: 'collected', actor: 'Ida IT', note: 'Picked up for the safe' });
      // Its label is printed at the kiosk that keeps its record.
      expect(await b.fail('custody.reprintLabel', { code: envelope.code, reason: 'Label torn', locale: 'en' })).toMatchObject({
        code: 'conflict',
        reason: 'custody.reprintAtSealingKiosk',
        params: { sealNumber: envelope.sealNumber, kiosk: 'cust_move Room A' },
      });
      // Audited in the chain of the kiosk where IT moved it.
      expect(auditActions(b, envelope.code)).toEqual(['custody.move by Ida IT']);
      expect(b.core.db.prepare('SELECT count(*) AS n FROM envelopes').get()).toEqual({ n: 0 });

      const inFleet = await fleetRows('SELECT version, kiosk_id, kiosk_name, from_state, to_state, actor FROM fleet.custody_moves WHERE envelope_local_id = $1', [envelope.id]);
      expect(inFleet).toEqual([{ version: 1, kiosk_id: 'cust_move_b', kiosk_name: 'cust_move Room B', from_state: 'sealed', to_state: 'collected', actor: 'Ida IT' }]);

      // Kiosk A sees it, names the kiosk of the move, and its own file now says so too.
      const atA = await a.call('custody.find', { code: envelope.code });
      if (atA.kind !== 'found') throw new Error('kiosk A lost its envelope');
      expect(atA.record.envelope.state).toBe('collected');
      expect(atA.record.fleet).toEqual({ sealedAtKiosk: null, version: 1 });
      expect(atA.record.history.at(-1)).toMatchObject({ action: 'move', from: 'sealed', to: 'collected', actor: 'Ida IT', kiosk: 'cust_move Room B' });
      expect(localState(a, envelope.id)).toBe('collected');
      expect(auditActions(a, envelope.code)).toEqual([`custody.seal by ${TRAINING_FACILITATOR}`, 'custody.moveFromFleet by Ida IT']);
      expect((await a.call('audit.verify', {})).ok).toBe(true);

      // B's view holds each move once, though A now has it in its own history too.
      await a.core.fleet.flush();
      const again = await b.call('custody.find', { code: envelope.code });
      expect(again.kind === 'found' && again.record.history.map((e) => [e.action, e.to, e.actor, e.kiosk])).toEqual([
        ['seal', 'sealed', TRAINING_FACILITATOR, undefined],
        ['move', 'collected', 'Ida IT', undefined],
      ]);

      // Both lists show it; B's names the kiosk that sealed it.
      const listB = await b.call('custody.list', {});
      expect(listB.source).toBe('fleet');
      expect(listB.envelopes.find((row) => row.envelope.code === envelope.code)).toMatchObject({ sealedAtKiosk: 'cust_move Room A', envelope: { state: 'collected' } });
      const listA = await a.call('custody.list', { state: 'collected' });
      expect(listA.envelopes.find((row) => row.envelope.code === envelope.code)).toMatchObject({ sealedAtKiosk: null });
      expect(listA.sessions.find((s) => s.id === sessionId)).toMatchObject({ kiosk: null, envelopes: 1 });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses a move made from what the screen showed when another kiosk moved the envelope meanwhile, saying who, where and when', async () => {
    const { a, b, envelope } = await twoKiosks('cust_late');
    try {
      await handOverTo(a, 'Ada IT');
      await handOverTo(b, 'Ben IT');
      const shownAtA = await a.call('custody.find', { code: envelope.code });
      if (shownAtA.kind !== 'found' || !shownAtA.record.fleet) throw new Error('kiosk A does not show its envelope from the fleet');
      await b.call('custody.move', { code: envelope.code, to: 'collected', version: 0 });

      const refused = await a.fail('custody.move', { code: envelope.code, to: 'destroyed', note: 'Key faulty', version: shownAtA.record.fleet.version });
      expect(refused).toMatchObject({ code: 'conflict', reason: 'custody.movedMeanwhile', params: { sealNumber: envelope.sealNumber, actor: 'Ben IT', kiosk: 'cust_late Room B', at: '2026-03-02 09:00', envelopeState: 'collected' } });
      expect(refused.message).toBe(`Envelope ${envelope.sealNumber} was moved meanwhile by Ben IT at cust_late Room B, 2026-03-02 09:00 UTC: it is now collected by IT. Nothing was changed by this move; look at the envelope again and choose the next step from where it is now.`);
      // The refused move changed nothing: A's file took only B's move.
      expect(localState(a, envelope.id)).toBe('collected');
      expect(await fleetRows('SELECT version FROM fleet.custody_moves WHERE envelope_local_id = $1', [envelope.id])).toEqual([{ version: 1 }]);
      expect(auditActions(a, envelope.code)).toEqual([`custody.seal by ${TRAINING_FACILITATOR}`, 'custody.moveFromFleet by Ben IT']);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('tells apart a seal number that envelopes of two kiosks carry, by the code on the label', async () => {
    const { a, b, envelope } = await twoKiosks('cust_twice');
    const c = fleetKioskCore(fleet.addKiosk('cust_twice_c', { kioskName: 'cust_twice Room C' }));
    try {
      const atB = await sessionWithRoster(b);
      const other = sealFor(b, atB.sessionId, atB.attendeeIds[0] ?? '');
      expect(other.sealNumber).toBe(envelope.sealNumber);
      await b.core.fleet.flush();
      await c.core.fleet.whenReady();
      const ambiguous = await c.fail('custody.find', { code: envelope.sealNumber });
      expect(ambiguous).toMatchObject({ code: 'conflict', reason: 'custody.sealNumberAmbiguous', params: { sealNumber: envelope.sealNumber } });
      // Other tests' kiosks of this fleet count K001000 from the same sequence: only these two are this test's.
      expect(String(ambiguous.params['kiosks']).split(', ')).toEqual(expect.arrayContaining(['cust_twice Room A', 'cust_twice Room B']));
      const byCode = await c.call('custody.find', { code: other.code });
      expect(byCode.kind === 'found' && byCode.record.fleet).toEqual({ sealedAtKiosk: 'cust_twice Room B', version: 0 });
      // At a kiosk that sealed one of them, the seal number names its own, as without a fleet.
      const atA = await a.call('custody.find', { code: envelope.sealNumber });
      expect(atA.kind === 'found' && atA.record.envelope.code).toBe(envelope.code);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it("keeps custody moves to each kiosk's own rows: none written in another kiosk's name, none changed or deleted, none skipping a version", async () => {
    const { a, b, envelope } = await twoKiosks('cust_rls');
    try {
      await handOverTo(b, 'Ida IT');
      await b.call('custody.move', { code: envelope.code, to: 'collected', version: 0 });
      const client = new pg.Client({ host: fleet.cluster.host, port: fleet.cluster.port, database: FLEET_DATABASE, user: 'cust_rls_a', password: 'pw-cust_rls_a' });
      await client.connect();
      const refused = async (sql: string, values: unknown[] = []) => (await client.query(sql, values).then(() => null, (error: { code?: string }) => error.code)) ?? `${sql}: allowed`;
      const insert = `INSERT INTO fleet.custody_moves (envelope_kiosk_id, envelope_local_id, version, kiosk_id, kiosk_name, from_state, to_state, actor, at)
                      VALUES ('cust_rls_a', $1, $2, $3, 'Room A', $4, $5, 'Someone', now())`;
      try {
        expect(await refused(insert, [envelope.id, 2, 'cust_rls_b', 'collected', 'inSafe'])).toBe('42501');
        expect(await refused("UPDATE fleet.custody_moves SET actor = 'someone else'")).toBe('42501');
        expect(await refused('DELETE FROM fleet.custody_moves')).toBe('42501');
        // Its own row, but not the next move: version 3 without a 2, or 2 from a state the envelope was not in.
        expect(await refused(insert, [envelope.id, 3, 'cust_rls_a', 'inSafe', 'handedOut'])).toBe('23514');
        expect(await refused(insert, [envelope.id, 2, 'cust_rls_a', 'sealed', 'destroyed'])).toBe('23514');
      } finally {
        await client.end();
      }
      expect(await fleetRows('SELECT version, actor FROM fleet.custody_moves WHERE envelope_local_id = $1', [envelope.id])).toEqual([{ version: 1, actor: 'Ida IT' }]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses a move while the fleet is down, at the kiosk that sealed the envelope and at another, and nothing changes; lookups show this kiosk\'s own envelopes and say so', async () => {
    const { a, b, envelope } = await twoKiosks('cust_down');
    try {
      await Promise.all([a.unlock(), b.unlock()]);
      const auditBefore = { a: auditActions(a, envelope.code), b: auditActions(b, envelope.code) };
      fleet.cluster.stopServer();
      let refusedA: ErrorBody;
      let refusedB: ErrorBody;
      try {
        refusedA = await a.fail('custody.move', { code: envelope.code, to: 'collected' });
        refusedB = await b.fail('custody.move', { code: envelope.code, to: 'collected', version: 0 });
        const atA = await a.call('custody.find', { code: envelope.code });
        expect(atA).toMatchObject({ kind: 'found', source: 'kioskOnly', record: { envelope: { state: 'sealed' }, fleet: null } });
        expect(await b.call('custody.find', { code: envelope.code })).toEqual({ kind: 'unknown', query: envelope.code, source: 'kioskOnly' });
        const listA = await a.call('custody.list', {});
        expect(listA.source).toBe('kioskOnly');
        expect(listA.envelopes.map((row) => row.envelope.code)).toEqual([envelope.code]);
      } finally {
        fleet.cluster.startServer();
      }
      for (const refused of [refusedA, refusedB]) {
        expect(refused).toMatchObject({ code: 'unavailable', reason: 'custody.moveNeedsFleet', params: { code: envelope.code } });
      }
      expect(refusedA.message).toContain('cannot reach just now');
      expect(localState(a, envelope.id)).toBe('sealed');
      expect({ a: auditActions(a, envelope.code), b: auditActions(b, envelope.code) }).toEqual(auditBefore);
      expect(await fleetRows('SELECT version FROM fleet.custody_moves WHERE envelope_local_id = $1', [envelope.id])).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
