import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyFleetAuditChains } from '../../electron/core/fleet/fleet-audit-chains';
import { migrateFleet } from '../../electron/core/fleet/fleet-migrate';
import { fleetMigrations } from '../../electron/core/fleet/migrations';
import { FLEET_DATABASE, OWNER_PASSWORD, startFleetDatabase, type FleetDatabase } from '../fixtures/fleet-database';
import { fleetKioskCore } from './helpers/fleet-kiosk';
import { confirmedTrainingAttendee } from './helpers/session-core';
import { until } from './helpers/until';

/**
 * The fleet's foundation against a real PostgreSQL 15 made with the operator's own SQL: the
 * schema migrates once however many kiosks start together, a kiosk's records reach the fleet
 * keyed by kiosk and local id, an outage loses and doubles nothing, and each kiosk's role can
 * write only its own rows and never change an audit event.
 */
let fleet: FleetDatabase;
beforeAll(async () => {
  fleet = await startFleetDatabase();
});
afterAll(() => fleet?.stop());

const asRole = async (user: string, password: string) => {
  const client = new pg.Client({ host: fleet.cluster.host, port: fleet.cluster.port, database: FLEET_DATABASE, user, password });
  await client.connect();
  return client;
};
const count = async (sql: string, values: unknown[] = []) => {
  const client = await fleet.cluster.adminClient(FLEET_DATABASE);
  try {
    return Number((await client.query<{ count: string }>(sql, values)).rows[0]?.count);
  } finally {
    await client.end();
  }
};

const chainsInFleet = async () => {
  const client = await fleet.cluster.adminClient(FLEET_DATABASE);
  try {
    return await verifyFleetAuditChains(client);
  } finally {
    await client.end();
  }
};

describe('the fleet on PostgreSQL', () => {
  it('migrates once when three kiosks start together, under the advisory lock', async () => {
    const owner = { host: fleet.cluster.host, port: fleet.cluster.port, database: FLEET_DATABASE, user: 'fleet_owner', password: OWNER_PASSWORD };
    const outcomes = await Promise.all([migrateFleet(owner, fleetMigrations), migrateFleet(owner, fleetMigrations), migrateFleet(owner, fleetMigrations)]);
    expect(outcomes.map((o) => o.applied.length).sort()).toEqual([0, 0, fleetMigrations.length]);
    expect(await count('SELECT count(*) FROM fleet.schema_migrations')).toBe(fleetMigrations.length);
  });

  it("replicates a kiosk's session, roster, identity check, steps and audit events, keyed by kiosk and local id, and its chain verifies in the fleet", async () => {
    const kiosk = fleet.addKiosk('kiosk_replica', { kioskName: 'Room A', site: 'Berlin' });
    const h = fleetKioskCore(kiosk);
    try {
      const who = await confirmedTrainingAttendee(h, '100106');
      await until('the fleet to hold the identity check', async () => (await count("SELECT count(*) FROM fleet.identity_checks WHERE kiosk_id = 'kiosk_replica'")) === 1);
      await until('nothing waiting', async () => h.core.fleet.status().waiting === 0);
      expect(await count(`SELECT count(*) FROM fleet.sessions WHERE kiosk_id = 'kiosk_replica' AND local_id = $1 AND site = 'Berlin'`, [who.sessionId])).toBe(1);
      expect(await count(`SELECT count(*) FROM fleet.attendees WHERE kiosk_id = 'kiosk_replica' AND session_local_id = $1`, [who.sessionId])).toBe(12);
      const local = h.core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
      expect(await count("SELECT count(*) FROM fleet.audit_events WHERE kiosk_id = 'kiosk_replica'")).toBe(local.n);
      const chains = await chainsInFleet();
      expect(chains.get('kiosk_replica')).toMatchObject({ ok: true, events: local.n });
      await h.comeBack();
      const status = await h.call('fleet.status', {});
      expect(status).toMatchObject({ configured: true, kioskId: 'kiosk_replica', kioskName: 'Room A', site: 'Berlin', connected: true, problem: null });
      expect(await count("SELECT count(*) FROM fleet.kiosks WHERE kiosk_id = 'kiosk_replica' AND name = 'Room A'")).toBe(1);
    } finally {
      await h.close();
    }
  });

  it('goes on through a fleet outage: changes wait, the status says so, and they drain without loss or doubles once PostgreSQL is back', async () => {
    const kiosk = fleet.addKiosk('kiosk_outage');
    const h = fleetKioskCore(kiosk);
    try {
      await h.core.fleet.whenReady();
      fleet.cluster.stopServer();
      let who: { sessionId: string; attendeeId: string };
      try {
        who = await confirmedTrainingAttendee(h, '100106');
        const away = await until('the status to say the fleet is away', async () => {
          const status = h.core.fleet.status();
          return !status.connected && status.waiting > 0 ? status : null;
        });
        expect(away.problem?.reason).toBe('fleet.unreachable');
        expect(away.oldestWaitingAt).not.toBeNull();
      } finally {
        fleet.cluster.startServer();
      }
      await until('the waiting changes to drain', async () => h.core.fleet.status().waiting === 0, 30_000);
      const local = h.core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
      expect(await count("SELECT count(*) FROM fleet.audit_events WHERE kiosk_id = 'kiosk_outage'")).toBe(local.n);
      expect(await count(`SELECT count(*) FROM fleet.attendees WHERE kiosk_id = 'kiosk_outage' AND session_local_id = $1`, [who.sessionId])).toBe(12);
      const chains = await chainsInFleet();
      expect(chains.get('kiosk_outage')?.ok).toBe(true);
    } finally {
      await h.close();
    }
  });

  it("lets a kiosk's role write only its own rows, and never update or delete an audit event", async () => {
    fleet.addKiosk('kiosk_rls_a');
    const b = fleet.addKiosk('kiosk_rls_b');
    const hb = fleetKioskCore(b);
    try {
      await confirmedTrainingAttendee(hb, '100106');
      await until('kiosk b in the fleet', async () => hb.core.fleet.status().waiting === 0);
    } finally {
      await hb.close();
    }
    const a = await asRole('kiosk_rls_a', 'pw-kiosk_rls_a');
    try {
      const refused = async (sql: string) => (await a.query(sql).then(() => null, (error: { code?: string }) => error.code)) ?? `${sql}: allowed`;
      expect(await refused("INSERT INTO fleet.sessions (kiosk_id, local_id, department, facilitator, room, site, planned_minutes, status, started_at, training) VALUES ('kiosk_rls_b', 'x', 'd', 'f', 'r', 's', 30, 'open', now(), true)")).toBe('42501');
      // Another kiosk's rows are invisible to UPDATE: nothing changes.
      expect((await a.query("UPDATE fleet.sessions SET department = 'hijacked' WHERE kiosk_id = 'kiosk_rls_b'")).rowCount).toBe(0);
      expect(await refused("UPDATE fleet.audit_events SET actor = 'someone else'")).toBe('42501');
      expect(await refused('DELETE FROM fleet.audit_events')).toBe('42501');
      expect(await refused('DELETE FROM fleet.sessions')).toBe('42501');
      expect(await refused('DROP TABLE fleet.audit_events')).toBe('42501');
      // Reading the fleet is every kiosk's right.
      expect(Number((await a.query("SELECT count(*) FROM fleet.audit_events WHERE kiosk_id = 'kiosk_rls_b'")).rows[0].count)).toBeGreaterThan(0);
    } finally {
      await a.end();
    }
    expect(await count("SELECT count(*) FROM fleet.sessions WHERE department = 'hijacked'")).toBe(0);
  });
});
