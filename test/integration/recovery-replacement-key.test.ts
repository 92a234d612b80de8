import { afterEach, describe, expect, it } from 'vitest';
import type { RecoveryView } from '../../shared/domain/recovery';
import { throughTheBackupKey } from './helpers/journey-to-codes';
import { enrollWithPhone } from './helpers/journey-phone';
import { confirmedTrainingAttendee, sessionCore } from './helpers/session-core';
import { until } from './helpers/until';

/**
 * The other way a recovery ends, in training (the training IdP, the built-in virtual key): the
 * handed-out key is replaced by a fresh key enrolled on the person's behalf; the old key is
 * revoked at the IdP and its envelope returned and destroyed. And what a recovery refuses:
 * acting before the identity check, another person's envelope, an envelope not in the safe.
 */
const PIN = '482915';
let harness: ReturnType<typeof sessionCore> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Amara enrolled (passkey, backup key, codes, envelope) and her envelope collected, not yet in the safe; Ben's envelope sealed only. */
async function enrolledWithEnvelopeCollected(h: ReturnType<typeof sessionCore>) {
  const who = await confirmedTrainingAttendee(h, '100101');
  await throughTheBackupKey(h, who, PIN);
  await h.call('journey.codes.print', { ...who, locale: 'en' });
  await h.call('journey.codes.confirm', who);
  await h.call('journey.envelope.print', { ...who, sealNumber: null, locale: 'en' });
  await h.comeBack();
  const board = await h.call('board.get', { sessionId: who.sessionId });
  const ben = board.rows.find((row) => row.attendee.badgeId === '100102')!.attendee;
  const other = h.core.custody.seal({ sessionId: who.sessionId, attendeeId: ben.id, sealNumber: 'B-2', keyModel: 'YubiKey 5 NFC', fingerprint: 'AAAA 0000', actor: 'Training facilitator' });
  const [mine] = (await h.call('custody.list', { sessionId: who.sessionId })).envelopes.filter((e) => e.envelope.code !== other.code);
  await h.call('custody.move', { code: mine!.envelope.code, to: 'collected' });
  const attendee = board.rows.find((row) => row.attendee.id === who.attendeeId)!.attendee;
  return { who, attendee, mine: mine!.envelope, other };
}

describe('a recovery that replaces the backup key (training IdP)', () => {
  it('enrols a fresh key on the person\'s behalf, revokes the old one, destroys its envelope and seals the new key into the safe', async () => {
    const h = (harness = sessionCore());
    const { attendee, mine, other } = await enrolledWithEnvelopeCollected(h);

    let recovery: RecoveryView = await h.call('recovery.start', { field: 'badgeId', value: attendee.badgeId });
    // Nothing before the identity check.
    for (const [name, input] of [
      ['recovery.handOut', { recoveryId: recovery.id, code: mine.code }],
      ['recovery.revoke', { recoveryId: recovery.id, authenticatorIds: [] }],
      ['recovery.passkey.start', { recoveryId: recovery.id }],
    ] as const) {
      expect((await h.fail(name, input)).message).toMatch(/identity first/);
    }
    expect((await h.fail('recovery.identity.confirm', { recoveryId: recovery.id, faceConfirmed: true, secondSignal: 'other' })).code).toBe('invalid_input');
    recovery = await h.call('recovery.identity.confirm', { recoveryId: recovery.id, faceConfirmed: true, secondSignal: 'hrCallback' });
    // Searching again resumes the open recovery instead of starting a second.
    expect((await h.call('recovery.start', { field: 'email', value: attendee.email })).id).toBe(recovery.id);

    const listed = (await h.call('recovery.authenticators', { recoveryId: recovery.id })).authenticators;
    const phone = listed.find((a) => a.type === 'passkey')!;
    const oldKey = listed.find((a) => a.type === 'securityKey')!;
    expect(oldKey.model).toBe('Enrollment Kiosk virtual key (training)');
    expect((await h.fail('recovery.revoke', { recoveryId: recovery.id, authenticatorIds: ['not-hers'] })).code).toBe('not_found');
    recovery = await h.call('recovery.revoke', { recoveryId: recovery.id, authenticatorIds: [phone.id] });

    // Another person's envelope, and one not in the safe, are refused; hers is handed out.
    expect((await h.fail('recovery.handOut', { recoveryId: recovery.id, code: other.code })).code).toBe('forbidden');
    expect((await h.fail('recovery.handOut', { recoveryId: recovery.id, code: mine.code })).message).toMatch(/only an envelope in the safe can be handed out/);
    await h.call('custody.move', { code: mine.code, to: 'inSafe' });
    recovery = await h.call('recovery.handOut', { recoveryId: recovery.id, code: mine.code });
    expect((await h.fail('recovery.reseal', { recoveryId: recovery.id, sealNumber: null, locale: 'en' })).message).toMatch(/not there yet/);

    recovery = await h.call('recovery.passkey.start', { recoveryId: recovery.id });
    expect((await enrollWithPhone(recovery.passkey.offer!.url)).verify.status).toBe(200);
    recovery = await until('the new passkey', async () => {
      const seen = await h.call('recovery.passkey.check', { recoveryId: recovery.id });
      return seen.passkey.phase === 'found' ? seen : null;
    });

    // The handed-out key is broken: a fresh one from the kit replaces it.
    await h.call('keys.freshTrainingKey', {});
    const [fresh] = await until('the fresh key', async () => {
      const keys = (await h.call('keys.list', {})).keys.filter((k) => k.state === 'ready');
      return keys.length > 0 ? keys : null;
    });
    recovery = await h.call('recovery.replaceKey', { recoveryId: recovery.id, sealNumber: 'R-7', locale: 'en', path: fresh!.path, pin: PIN, oldAuthenticatorId: oldKey.id });
    expect(recovery.backupKey).toMatchObject({ outcome: 'replaced' });
    const states = Object.fromEntries(recovery.envelopes.map((e) => [e.sealNumber, e.state]));
    expect(states).toEqual({ [mine.sealNumber]: 'destroyed', 'R-7': 'inSafe' });
    const replaced = recovery.envelopes.find((e) => e.sealNumber === 'R-7')!;
    expect(replaced.fingerprint).not.toBe(mine.fingerprint);

    await until('the IdP has the new key and not the old', async () => {
      const now = (await h.call('recovery.authenticators', { recoveryId: recovery.id })).authenticators;
      return !now.some((a) => a.id === oldKey.id || a.id === phone.id) && now.filter((a) => a.type === 'securityKey').length === 1 && now.filter((a) => a.type === 'passkey').length === 1;
    });
    recovery = await h.call('recovery.complete', { recoveryId: recovery.id });
    expect(recovery.acts.map((a) => a.kind)).toEqual(['started', 'identityChecked', 'revoked', 'envelopeHandedOut', 'passkeyLink', 'passkeyFound', 'revoked', 'keyReplaced', 'completed']);
    expect((await h.fail('recovery.revoke', { recoveryId: recovery.id, authenticatorIds: [] })).code).toBe('conflict');
    expect((await h.call('recovery.list', {})).recoveries).toEqual([expect.objectContaining({ id: recovery.id, status: 'completed', next: 'done' })]);

    // A later recovery of the same person is a new record; "nothing to revoke" moves it on and revokes nothing.
    let again = await h.call('recovery.start', { field: 'badgeId', value: attendee.badgeId });
    expect(again.id).not.toBe(recovery.id);
    again = await h.call('recovery.identity.confirm', { recoveryId: again.id, faceConfirmed: true, secondSignal: 'managerPresent' });
    again = await h.call('recovery.revoke', { recoveryId: again.id, authenticatorIds: [] });
    expect(again).toMatchObject({ revoked: [], next: 'envelope' });
    expect((await h.call('recovery.list', {})).recoveries.map((r) => [r.status, r.next])).toEqual([['open', 'envelope'], ['completed', 'done']]);
    expect(await h.call('audit.verify', {})).toMatchObject({ ok: true });
  }, 60_000);
});
