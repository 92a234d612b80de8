import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLEET_DATABASE, startFleetDatabase, type FleetDatabase } from '../fixtures/fleet-database';
import { fleetKioskCore } from './helpers/fleet-kiosk';
import { enrollWithPhone } from './helpers/journey-phone';
import { throughTheBackupKey } from './helpers/journey-to-codes';
import { confirmedTrainingAttendee } from './helpers/session-core';
import { until } from './helpers/until';

/**
 * A helpdesk recovery at a kiosk of a fleet moves envelopes the way IT does there: each move is
 * decided in PostgreSQL (custody must not fork), so the hand-out and the re-seal are rows of
 * fleet.custody_moves, in order, the hand-out naming the recovery and its identity check.
 */
let fleet: FleetDatabase;
beforeAll(async () => {
  fleet = await startFleetDatabase();
});
afterAll(() => fleet?.stop());

describe('a recovery at a kiosk of a fleet', () => {
  it('decides its envelope moves in the fleet: handed out, returned, and the new envelope back in the safe', async () => {
    const h = fleetKioskCore(fleet.addKiosk('kiosk_recovery'));
    try {
      const who = await confirmedTrainingAttendee(h, '100101');
      await throughTheBackupKey(h, who, '482915');
      await h.call('journey.codes.print', { ...who, locale: 'en' });
      await h.call('journey.codes.confirm', who);
      const sealed = (await h.call('journey.envelope.print', { ...who, sealNumber: null, locale: 'en' })).envelope!;
      await h.comeBack();
      for (const to of ['collected', 'inSafe'] as const) await h.call('custody.move', { code: sealed.code, to });
      const badge = (await h.call('board.get', { sessionId: who.sessionId })).rows.find((row) => row.attendee.id === who.attendeeId)!.attendee.badgeId;

      let recovery = await h.call('recovery.start', { field: 'badgeId', value: badge });
      recovery = await h.call('recovery.identity.confirm', { recoveryId: recovery.id, faceConfirmed: true, secondSignal: 'hrCallback' });
      const phone = (await h.call('recovery.authenticators', { recoveryId: recovery.id })).authenticators.find((a) => a.type === 'passkey')!;
      recovery = await h.call('recovery.revoke', { recoveryId: recovery.id, authenticatorIds: [phone.id] });
      recovery = await h.call('recovery.handOut', { recoveryId: recovery.id, code: sealed.code });
      recovery = await h.call('recovery.passkey.start', { recoveryId: recovery.id });
      expect((await enrollWithPhone(recovery.passkey.offer!.url)).verify.status).toBe(200);
      await until('the new passkey', async () => (await h.call('recovery.passkey.check', { recoveryId: recovery.id })).passkey.phase === 'found');
      recovery = await h.call('recovery.reseal', { recoveryId: recovery.id, sealNumber: null, locale: 'en' });

      const admin = await fleet.cluster.adminClient(FLEET_DATABASE);
      try {
        const moves = await admin.query<{ envelope_code: string; version: number; to_state: string; note: string | null }>(
          `SELECT e.code AS envelope_code, m.version, m.to_state, m.note FROM fleet.custody_moves m
             JOIN fleet.envelopes e ON e.kiosk_id = m.envelope_kiosk_id AND e.local_id = m.envelope_local_id
            WHERE m.kiosk_id = 'kiosk_recovery' ORDER BY e.created_at, m.version`,
        );
        const ofOld = moves.rows.filter((m) => m.envelope_code === sealed.code);
        expect(ofOld.map((m) => m.to_state)).toEqual(['collected', 'inSafe', 'handedOut', 'returned']);
        expect(ofOld[2]?.note).toMatch(new RegExp(`^Recovery ${recovery.id}: identity check`));
        const ofNew = moves.rows.filter((m) => m.envelope_code !== sealed.code);
        expect(ofNew.map((m) => m.to_state)).toEqual(['collected', 'inSafe']);
      } finally {
        await admin.end();
      }
      expect(h.core.custody.requireEnvelope(sealed.code).state).toBe('returned');
    } finally {
      await h.close();
    }
  });
});
