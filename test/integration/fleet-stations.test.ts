import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOIN_CODE_ALPHABET } from '../../shared/domain/stations';
import { FLEET_DATABASE, startFleetDatabase, type FleetDatabase } from '../fixtures/fleet-database';
import { fleetKioskCore } from './helpers/fleet-kiosk';
import { sessionCore } from './helpers/session-core';
import { until } from './helpers/until';

/**
 * Issue 16, several stations serving one session, against a real PostgreSQL 15: a host shares
 * its session under a join code, a second kiosk joins with it, both boards list the roster and
 * say which station holds whom; a badge belongs to the station that claimed it first (one
 * winner when both claim at once); with the fleet out of reach a new claim needs the
 * facilitator's override with a reason, and a collision is flagged on both boards once the
 * fleet is back.
 */
let fleet: FleetDatabase;
beforeAll(async () => {
  fleet = await startFleetDatabase();
});
afterAll(() => fleet?.stop());

type Harness = ReturnType<typeof fleetKioskCore>;

/** Kiosk A hosts a training session shared under a code; kiosk B joins it. Each test its own roles. */
async function twoStations(prefix: string) {
  const a = fleetKioskCore(fleet.addKiosk(`${prefix}_a`, { kioskName: `${prefix} Room A` }));
  const b = fleetKioskCore(fleet.addKiosk(`${prefix}_b`, { kioskName: `${prefix} Room B` }));
  await Promise.all([a.core.fleet.whenReady(), b.core.fleet.whenReady()]);
  const hostSession = await a.call('session.start', { department: 'Finance Operations', room: 'A-1', plannedMinutes: 30 });
  await a.call('roster.loadTraining', { sessionId: hostSession.id });
  const { joinCode } = await a.call('stations.share', { sessionId: hostSession.id });
  const stationSession = await b.call('stations.join', { joinCode: joinCode.toLowerCase() });
  return { a, b, joinCode, hostSession, stationSession, close: () => Promise.all([a.close(), b.close()]) };
}

describe('several stations serving one session', () => {
  it('shares a session under a short join code; the station that joins with it has the roster, and both boards list it with each other', async () => {
    const s = await twoStations('st_share');
    try {
      expect(s.joinCode).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{6}$`));
      // Sharing again gives the same code.
      expect(await s.a.call('stations.share', { sessionId: s.hostSession.id })).toEqual({ joinCode: s.joinCode });
      expect(s.stationSession).toMatchObject({ department: 'Finance Operations', startedAt: s.hostSession.startedAt, status: 'open', training: true });
      const [boardA, boardB] = await Promise.all([s.a.call('board.get', { sessionId: s.hostSession.id }), s.b.call('board.get', { sessionId: s.stationSession.id })]);
      expect(boardA.rows.map((r) => r.attendee.badgeId)).toEqual(boardB.rows.map((r) => r.attendee.badgeId));
      expect(boardB.rows).toHaveLength(12);
      expect(boardA.shared).toMatchObject({ joinCode: s.joinCode, role: 'host', reachable: true, stations: [{ kioskId: 'st_share_b', name: 'st_share Room B' }] });
      expect(boardB.shared).toMatchObject({ joinCode: s.joinCode, role: 'station', reachable: true, host: { kioskId: 'st_share_a', name: 'st_share Room A' } });
      // B has an open session now: it takes part in no second one, and nobody joins with a wrong code.
      expect(await s.b.fail('stations.join', { joinCode: s.joinCode })).toMatchObject({ code: 'conflict', reason: 'session.alreadyOpen' });
      // A second import at the host after sharing: the station's copy takes the new attendee at its next scan.
      const more = Buffer.from('Badge ID,Given name,Family name,Email\n300101,Lena,Brandt,lena.brandt@example.com\n').toString('base64');
      await s.a.call('roster.import', { sessionId: s.hostSession.id, fileBase64: more });
      await s.a.core.fleet.flush();
      expect(await s.b.call('badge.scan', { sessionId: s.stationSession.id, raw: '300101' })).toMatchObject({ kind: 'matched', attendee: { givenName: 'Lena', department: 'Finance Operations' } });
      expect((await s.b.call('board.get', { sessionId: s.stationSession.id })).rows).toHaveLength(13);
      const c = fleetKioskCore(fleet.addKiosk('st_share_c'));
      try {
        await c.core.fleet.whenReady();
        const wrong = s.joinCode === 'AAAAAA' ? 'CCCCCC' : 'AAAAAA';
        expect(await c.fail('stations.join', { joinCode: wrong })).toMatchObject({ code: 'not_found', reason: 'stations.codeUnknown', params: { code: wrong } });
        expect((await c.fail('stations.join', { joinCode: 'O0-I1L' })).code).toBe('invalid_input');
      } finally {
        await c.close();
      }
    } finally {
      await s.close();
    }
  });

  it('gives an attendee to the station that checked the badge: the other says "at station …", refuses, and shows the progress made there', async () => {
    const s = await twoStations('st_claim');
    try {
      const atA = await s.a.call('badge.scan', { sessionId: s.hostSession.id, raw: '100102' });
      expect(atA.kind).toBe('matched');
      // The same station scanning again is fine.
      expect((await s.a.call('badge.scan', { sessionId: s.hostSession.id, raw: '100102' })).kind).toBe('matched');
      const atB = await s.b.call('badge.scan', { sessionId: s.stationSession.id, raw: '100102' });
      expect(atB).toMatchObject({ kind: 'heldElsewhere', station: 'st_claim Room A', attendee: { badgeId: '100102', givenName: 'Jürgen' } });
      const attendeeAtB = atB.kind === 'heldElsewhere' ? atB.attendee.id : '';
      expect((await s.b.fail('identity.confirm', { sessionId: s.stationSession.id, attendeeId: attendeeAtB, faceConfirmed: true, secondSignal: 'managerPresent' })).code).toBe('identity_unconfirmed');

      if (atA.kind !== 'matched') throw new Error('A did not match');
      await s.a.call('identity.confirm', { sessionId: s.hostSession.id, attendeeId: atA.attendee.id, faceConfirmed: true, secondSignal: 'managerPresent' });
      const row = await until('B to see the check-in done at A', async () => {
        const board = await s.b.call('board.get', { sessionId: s.stationSession.id });
        const r = board.rows.find((x) => x.attendee.badgeId === '100102');
        return r?.steps.badge?.status === 'done' ? r : null;
      });
      expect(row.station).toEqual({ kioskId: 'st_claim_a', name: 'st_claim Room A', here: false });
      await s.a.comeBack();
      const boardA = await s.a.call('board.get', { sessionId: s.hostSession.id });
      expect(boardA.rows.find((r) => r.attendee.badgeId === '100102')?.station).toEqual({ kioskId: 'st_claim_a', name: 'st_claim Room A', here: true });
      // An attendee B checks in shows at A as B's, with B's progress.
      const atB2 = await s.b.call('badge.scan', { sessionId: s.stationSession.id, raw: '100105' });
      expect(atB2.kind).toBe('matched');
      const byA = await until('A to see 100105 at B', async () => {
        const board = await s.a.call('board.get', { sessionId: s.hostSession.id });
        const r = board.rows.find((x) => x.attendee.badgeId === '100105');
        return r?.steps.badge?.status === 'inProgress' ? r : null;
      });
      expect(byA.station).toEqual({ kioskId: 'st_claim_b', name: 'st_claim Room B', here: false });
      expect((await s.a.call('badge.scan', { sessionId: s.hostSession.id, raw: '100105' })).kind).toBe('heldElsewhere');
      // Each station's report is its own attendees; the others are named by station.
      const reportA = await s.a.call('session.report', { sessionId: s.hostSession.id });
      expect(reportA).toMatchObject({ total: 11, elsewhere: [{ station: { kioskId: 'st_claim_b', name: 'st_claim Room B' }, attendees: 1 }] });
      expect(reportA.incomplete.map((i) => i.attendee.badgeId)).not.toContain('100105');
      const csvB = await s.b.call('session.exportCsv', { sessionId: s.stationSession.id, locale: 'en' });
      expect(csvB.csv).toContain('100105');
      expect(csvB.csv).not.toContain('100102');
    } finally {
      await s.close();
    }
  });

  it('lets exactly one station win when both claim the same badges at once', async () => {
    const s = await twoStations('st_race');
    try {
      const badges = ['100101', '100103', '100104', '100106', '100107', '100108', '100109', '100110'];
      const outcomes = await Promise.all(
        badges.flatMap((raw) => [
          s.a.call('badge.scan', { sessionId: s.hostSession.id, raw }).then((o) => ({ raw, at: 'a', kind: o.kind })),
          s.b.call('badge.scan', { sessionId: s.stationSession.id, raw }).then((o) => ({ raw, at: 'b', kind: o.kind })),
        ]),
      );
      for (const raw of badges) {
        const kinds = outcomes.filter((o) => o.raw === raw).map((o) => o.kind).sort();
        expect(kinds, raw).toEqual(['heldElsewhere', 'matched']);
      }
      const client = await fleet.cluster.adminClient('kiosk_fleet');
      try {
        const claims = await client.query('SELECT badge_id, kiosk_id FROM fleet.claims WHERE host_kiosk_id = $1 AND host_session_local_id = $2', ['st_race_a', s.hostSession.id]);
        expect(claims.rowCount).toBe(badges.length);
        for (const claim of claims.rows as { badge_id: string; kiosk_id: string }[]) {
          const winner = outcomes.find((o) => o.raw === claim.badge_id && o.kind === 'matched');
          expect(`st_race_${winner?.at}`).toBe(claim.kiosk_id);
        }
        // Reports count each attendee of the shared session once, in the copy of the station holding them.
        await Promise.all([s.a.core.fleet.flush(), s.b.core.fleet.flush()]);
        const counted = await client.query<{ kiosk_id: string; badge_id: string }>(
          `SELECT kiosk_id, badge_id FROM fleet.counted_attendees WHERE (kiosk_id, session_local_id) IN (($1, $2), ($3, $4)) ORDER BY badge_id`,
          ['st_race_a', s.hostSession.id, 'st_race_b', s.stationSession.id],
        );
        expect(counted.rows.map((r) => r.badge_id)).toEqual([...new Set(counted.rows.map((r) => r.badge_id))]);
        expect(counted.rowCount).toBe(12);
        for (const claim of claims.rows as { badge_id: string; kiosk_id: string }[]) {
          expect(counted.rows.find((r) => r.badge_id === claim.badge_id)?.kiosk_id).toBe(claim.kiosk_id);
        }
        // The fleet report's counts follow the claims: the shared session's 12 attendees once, each at the station that holds them.
        const reported = await client.query<{ kiosk_id: string; attendees: string }>(
          `SELECT kiosk_id, sum(attendees) AS attendees FROM fleet.report_counts WHERE kiosk_id IN ('st_race_a', 'st_race_b') GROUP BY kiosk_id ORDER BY kiosk_id`,
        );
        const heldBy = (kiosk: string) => counted.rows.filter((r) => r.kiosk_id === kiosk).length;
        expect(reported.rows.map((r) => [r.kiosk_id, Number(r.attendees)])).toEqual([
          ['st_race_a', heldBy('st_race_a')],
          ['st_race_b', heldBy('st_race_b')],
        ]);
      } finally {
        await client.end();
      }
    } finally {
      await s.close();
    }
  });

  it('with the fleet out of reach refuses a new claim unless the facilitator overrides it with a reason; once back, a double claim is flagged on both boards', async () => {
    const s = await twoStations('st_outage');
    try {
      expect((await s.a.call('badge.scan', { sessionId: s.hostSession.id, raw: '100111' })).kind).toBe('matched');
      // An attendee B already holds goes on at B during the outage.
      expect((await s.b.call('badge.scan', { sessionId: s.stationSession.id, raw: '100112' })).kind).toBe('matched');
      fleet.cluster.stopServer();
      let overridden: string;
      try {
        expect((await s.b.call('badge.scan', { sessionId: s.stationSession.id, raw: '100112' })).kind).toBe('matched');
        const refused = await s.b.call('badge.scan', { sessionId: s.stationSession.id, raw: '100111' });
        expect(refused.kind).toBe('claimUnavailable');
        overridden = refused.kind === 'claimUnavailable' ? refused.attendee.id : '';
        expect((await s.b.fail('identity.confirm', { sessionId: s.stationSession.id, attendeeId: overridden, faceConfirmed: true, secondSignal: 'managerPresent' })).code).toBe('identity_unconfirmed');
        expect((await s.b.fail('stations.override', { sessionId: s.stationSession.id, attendeeId: overridden, reason: '  ' })).code).toBe('invalid_input');
        const accepted = await s.b.call('stations.override', { sessionId: s.stationSession.id, attendeeId: overridden, reason: 'Fleet down, attendee cannot wait' });
        expect(accepted).toMatchObject({ kind: 'matched', attendee: { badgeId: '100111' } });
        await s.b.call('identity.confirm', { sessionId: s.stationSession.id, attendeeId: overridden, faceConfirmed: true, secondSignal: 'managerPresent' });
        await s.b.comeBack();
        const offline = await s.b.call('board.get', { sessionId: s.stationSession.id });
        expect(offline.shared).toMatchObject({ reachable: false, joinCode: s.joinCode, role: 'station', host: { kioskId: 'st_outage_a', name: 'st_outage Room A' } });
        expect(offline.rows.find((r) => r.attendee.badgeId === '100111')).toMatchObject({ station: { kioskId: 'st_outage_b', here: true }, steps: { badge: { status: 'done' } } });
        const audit = s.b.core.db.prepare("SELECT data FROM audit_log WHERE action = 'badge.claimOverride'").all() as { data: string }[];
        expect(audit.map((e) => JSON.parse(e.data))).toEqual([expect.objectContaining({ badgeId: '100111', reason: 'Fleet down, attendee cannot wait', overridden: true })]);
      } finally {
        fleet.cluster.startServer();
      }
      const flagged = async (h: Harness, sessionId: string) =>
        until('the double claim on the board', async () => {
          const board = await h.call('board.get', { sessionId });
          return board.rows.find((r) => r.attendee.badgeId === '100111' && r.doubleClaim)?.doubleClaim;
        }, 30_000);
      const expected = {
        heldBy: { kioskId: 'st_outage_a', name: 'st_outage Room A' },
        overriddenBy: { kioskId: 'st_outage_b', name: 'st_outage Room B' },
        reason: 'Fleet down, attendee cannot wait',
      };
      expect(await flagged(s.b, s.stationSession.id)).toMatchObject(expected);
      expect(await flagged(s.a, s.hostSession.id)).toMatchObject(expected);
    } finally {
      await s.close();
    }
  });

  it("keeps the stations' tables to each kiosk's own rows, and says clearly when there is no fleet to share with or it cannot be reached", async () => {
    const s = await twoStations('st_rls');
    const asA = new pg.Client({ host: fleet.cluster.host, port: fleet.cluster.port, database: FLEET_DATABASE, user: 'st_rls_a', password: 'pw-st_rls_a' });
    await asA.connect();
    try {
      expect((await s.b.call('badge.scan', { sessionId: s.stationSession.id, raw: '100104' })).kind).toBe('matched');
      const refused = async (sql: string, values: unknown[] = []) => (await asA.query(sql, values).then(() => null, (error: { code?: string }) => error.code)) ?? `${sql}: allowed`;
      // A cannot take B's claim, nor claim in B's name, nor remove a claim or a shared session.
      expect(await refused("UPDATE fleet.claims SET kiosk_id = 'st_rls_a' WHERE badge_id = '100104'")).toBe('42501');
      expect(await refused('DELETE FROM fleet.claims')).toBe('42501');
      expect(await refused('DELETE FROM fleet.shared_sessions')).toBe('42501');
      expect(await refused("INSERT INTO fleet.claims (kiosk_id, host_kiosk_id, host_session_local_id, badge_id, claimed_by) VALUES ('st_rls_b', 'st_rls_a', $1, '100105', 'x')", [s.hostSession.id])).toBe('42501');
      expect(await refused("INSERT INTO fleet.double_claims (kiosk_id, host_kiosk_id, host_session_local_id, badge_id, held_by, claimed_at, override_reason) VALUES ('st_rls_b', 'st_rls_a', $1, '100105', 'st_rls_a', now(), 'x')", [s.hostSession.id])).toBe('42501');
      // B's station row is B's: A's role sees it and cannot change it.
      expect((await asA.query("UPDATE fleet.shared_sessions SET join_code = 'XXXXXX' WHERE kiosk_id = 'st_rls_b'")).rowCount).toBe(0);
    } finally {
      await asA.end();
      await s.close();
    }
    const c = fleetKioskCore(fleet.addKiosk('st_rls_c'));
    try {
      await c.core.fleet.whenReady();
      fleet.cluster.stopServer();
      try {
        expect(await c.fail('stations.join', { joinCode: 'ACDEFG' })).toMatchObject({ code: 'unavailable', reason: 'stations.unreachable' });
      } finally {
        fleet.cluster.startServer();
      }
    } finally {
      await c.close();
    }
    const alone = sessionCore();
    try {
      const session = await alone.call('session.start', { department: 'Legal', room: 'C-3', plannedMinutes: 30 });
      expect(await alone.fail('stations.share', { sessionId: session.id })).toMatchObject({ code: 'unavailable', reason: 'stations.noFleet' });
      expect((await alone.call('board.get', { sessionId: session.id })).shared).toBeNull();
    } finally {
      await alone.close();
    }
  });
});
