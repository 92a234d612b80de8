import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnvelopeState } from '../../shared/domain/custody';
import { FLEET_DATABASE, startFleetDatabase, type FleetDatabase, type FleetKiosk } from '../fixtures/fleet-database';
import { sealFor, sessionWithRoster } from './helpers/custody-setup';
import { fleetKioskCore } from './helpers/fleet-kiosk';
import { handOverTo } from './helpers/second-facilitator';

/**
 * The race the fleet decides: two kiosks (two whole cores, two database roles) move the same
 * envelopes at once, each walking every envelope from sealed to destroyed one version at a time,
 * as if its screen showed each step, all envelopes at the same time. For every (envelope, version) exactly one
 * kiosk wins; the other is told the winner's name and kiosk, as PostgreSQL recorded them.
 */
let fleet: FleetDatabase;
beforeAll(async () => {
  fleet = await startFleetDatabase();
});
afterAll(() => fleet?.stop());

const ENVELOPES_PER_KIOSK = 50;
const WALK: EnvelopeState[] = ['collected', 'inSafe', 'handedOut', 'returned', 'destroyed'];

/** Many moves queue for a kiosk's four connections; the wait for one is not an outage. */
const patient = (kiosk: FleetKiosk): FleetKiosk => ({ ...kiosk, config: { ...kiosk.config, timeoutMs: 60_000 } });

type Outcome = { kiosk: string; code: string; version: number } & ({ won: true } | { won: false; reason: string; actor: unknown; winnerKiosk: unknown });

describe('custody moves racing across two kiosks', () => {
  it('gives every contested (envelope, version) exactly one winner out of 1,000 concurrent moves, and tells the other kiosk who moved it', async () => {
    const kiosks = [
      { h: fleetKioskCore(patient(fleet.addKiosk('race_a', { kioskName: 'Race Room A' }))), it: 'Ada IT', name: 'Race Room A' },
      { h: fleetKioskCore(patient(fleet.addKiosk('race_b', { kioskName: 'Race Room B' }))), it: 'Ben IT', name: 'Race Room B' },
    ];
    try {
      // Half the envelopes sealed at each kiosk, so each kiosk races for its own and the other's.
      const codes: string[] = [];
      for (const { h } of kiosks) {
        const { sessionId, attendeeIds } = await sessionWithRoster(h);
        for (let i = 0; i < ENVELOPES_PER_KIOSK; i += 1) {
          const attendee = attendeeIds[i % attendeeIds.length] ?? '';
          codes.push(sealFor(h, sessionId, attendee, { fingerprint: `RACE ${i}` }).code);
        }
        await h.core.fleet.whenReady();
        await h.core.fleet.flush();
      }
      for (const { h, it: name } of kiosks) await handOverTo(h, name);

      const walk = async (kiosk: (typeof kiosks)[number], code: string): Promise<Outcome[]> => {
        const outcomes: Outcome[] = [];
        for (const [seen, to] of WALK.entries()) {
          const input = { code, to, version: seen, note: to === 'destroyed' ? 'End of the race' : undefined };
          const answer = await kiosk.h.core.dispatch('custody.move', input, { transport: 'test' });
          const version = seen + 1;
          if (answer.ok) outcomes.push({ kiosk: kiosk.name, code, version, won: true });
          else outcomes.push({ kiosk: kiosk.name, code, version, won: false, reason: answer.error.reason, actor: answer.error.params['actor'], winnerKiosk: answer.error.params['kiosk'] });
        }
        return outcomes;
      };
      const outcomes = (await Promise.all(codes.flatMap((code) => kiosks.map((kiosk) => walk(kiosk, code))))).flat();

      const client = await fleet.cluster.adminClient(FLEET_DATABASE);
      const recorded = new Map<string, { actor: string; kiosk_name: string }>();
      try {
        const rows = await client.query<{ code: string; version: number; actor: string; kiosk_name: string }>(
          `SELECT e.code, m.version, m.actor, m.kiosk_name FROM fleet.custody_moves m
           JOIN fleet.envelopes e ON e.kiosk_id = m.envelope_kiosk_id AND e.local_id = m.envelope_local_id WHERE e.kiosk_id IN ('race_a', 'race_b')`,
        );
        for (const row of rows.rows) recorded.set(`${row.code}#${row.version}`, row);
      } finally {
        await client.end();
      }

      const contested = new Map<string, Outcome[]>();
      for (const outcome of outcomes) contested.set(`${outcome.code}#${outcome.version}`, [...(contested.get(`${outcome.code}#${outcome.version}`) ?? []), outcome]);
      let mismatches = 0;
      for (const [key, pair] of contested) {
        const winners = pair.filter((o) => o.won);
        const row = recorded.get(key);
        if (pair.length !== 2 || winners.length !== 1 || !row || row.kiosk_name !== winners[0]?.kiosk) mismatches += 1;
        for (const loser of pair) {
          if (loser.won) continue;
          const told = loser.reason === 'custody.movedMeanwhile' && loser.actor === row?.actor && loser.winnerKiosk === row?.kiosk_name;
          if (!told) mismatches += 1;
        }
      }
      const numbers = {
        moves: outcomes.length,
        contested: contested.size,
        winners: outcomes.filter((o) => o.won).length,
        losersTold: outcomes.filter((o) => !o.won && o.reason === 'custody.movedMeanwhile').length,
        recordedInFleet: recorded.size,
        winsPerKiosk: Object.fromEntries(kiosks.map(({ name }) => [name, outcomes.filter((o) => o.won && o.kiosk === name).length])),
        mismatches,
      };
      console.log(JSON.stringify({ test: 'fleet-custody-race', ...numbers }));
      expect(numbers).toMatchObject({ moves: 1000, contested: 500, winners: 500, losersTold: 500, recordedInFleet: 500, mismatches: 0 });

      // Each kiosk's own envelopes end destroyed in its own file too, and its audit chain holds.
      for (const { h } of kiosks) {
        const list = await h.call('custody.list', {});
        expect(list.counts.destroyed).toBe(2 * ENVELOPES_PER_KIOSK);
        expect(h.core.db.prepare("SELECT count(*) AS n FROM envelopes WHERE state <> 'destroyed'").get()).toEqual({ n: 0 });
        expect((await h.call('audit.verify', {})).ok).toBe(true);
      }
    } finally {
      for (const { h } of kiosks) await h.close();
    }
  }, 180_000);
});
