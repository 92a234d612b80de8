import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TRAINING_FACILITATOR_PIN } from '../../electron/core/access/training-facilitator-key';
import { facilitatorRegistrationOptions, kioskRp, newChallenge, verifyFacilitatorSignIn } from '../../electron/core/access/kiosk-relying-party';
import { AaguidCatalog } from '../../electron/core/fido/keys/aaguid-catalog';
import { KeyService } from '../../electron/core/fido/keys/key-service';
import { createSocketBackend } from '../../electron/core/fido/hid/socket-backend';
import { startVirtualAuthenticatorServer, type VirtualAuthenticatorServer } from '../../electron/core/fido/virtual';
import { calls } from '../../shared/contract/calls';
import { skippableStepIds } from '../../shared/domain/step-table';
import type { ErrorBody } from '../../shared/contract/errors';
import { auditLength, dumpStore, facilitatorCalls, kioskInUse, lockedInputs, type Fixture } from './helpers/facilitator-calls';
import { handOverTo } from './helpers/second-facilitator';
import { sessionCore, T0 } from './helpers/session-core';
import { TRAINING_FACILITATOR } from './helpers/custody-setup';

/**
 * Issue 14, item 3: from the identity confirmation on, the kiosk is the attendee's. Every
 * facilitator call is refused as while locked, through the same dispatcher both transports
 * use, and changes nothing; the journey's own calls go on, and the lock outlasts the journey.
 * The facilitator comes back with their own key: a touch alone within idleLockSeconds of their
 * PIN unlock, else PIN and touch. The touch is a real CTAP getAssertion without PIN/UV, and
 * the kiosk's relying party accepts it (checked by @simplewebauthn/server) only as such.
 */

type Harness = ReturnType<typeof sessionCore>;
const harnesses: Harness[] = [];
const servers: VirtualAuthenticatorServer[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
  for (const server of servers.splice(0)) await server.close();
});

function harness(config: Parameters<typeof sessionCore>[0] = {}): Harness {
  const h = sessionCore(config);
  harnesses.push(h);
  return h;
}

/** The error body of a call that must fail, sent as is (no unlock first). */
async function refusal(h: Harness, name: keyof typeof calls, input: unknown): Promise<ErrorBody> {
  const envelope = await h.core.dispatch(name, input, { transport: 'test' });
  if (envelope.ok) throw new Error(`${name} succeeded but was expected to fail`);
  return envelope.error;
}

function auditRows(h: Harness, action: string): Array<{ actor: string; data: Record<string, unknown> }> {
  return (h.core.db.prepare('SELECT actor, data FROM audit_log WHERE action = ? ORDER BY seq').all(action) as Array<{ actor: string; data: string }>).map((row) => ({
    actor: row.actor,
    data: JSON.parse(row.data) as Record<string, unknown>,
  }));
}

/** A kiosk in use, its facilitator unlocked with the PIN: a session and roster, a sealed envelope, a parked outbox item; one attendee scanned. */
function kioskInUseBy(h: Harness): Promise<Fixture> {
  return kioskInUse(h.call, h.core);
}

describe('the attendee\'s journey holds the kiosk', () => {
  it('after identity.confirm refuses every facilitator call with `locked` and changes nothing, lets the journey go on, and stays locked once the journey is done', async () => {
    const h = harness();
    const fixture = await kioskInUseBy(h);
    const who = { sessionId: fixture.sessionId, attendeeId: fixture.attendeeId };
    await h.call('identity.confirm', { ...who, faceConfirmed: true, secondSignal: 'managerPresent' });
    expect(h.core.access.state()).toMatchObject({ locked: true, facilitator: null, lockedBecause: 'attendeeJourney' });
    expect(auditRows(h, 'access.locked')).toEqual([{ actor: TRAINING_FACILITATOR, data: { reason: 'attendeeJourney' } }]);
    expect(h.events.filter((event) => event.name === 'access.changed').at(-1)?.payload).toMatchObject({ locked: true, lockedBecause: 'attendeeJourney' });

    const sqliteFile = join(h.dataDir, 'kiosk.sqlite');
    const before = dumpStore(sqliteFile);
    const auditBefore = auditLength(sqliteFile);
    const answers: Record<string, unknown> = {};
    for (const name of [...facilitatorCalls.filter((call) => call !== 'session.end'), 'session.end' as const]) {
      const input = lockedInputs[name]!(fixture);
      expect(calls[name].input.safeParse(input).success, `the test's input for ${name} is valid`).toBe(true);
      const error = await refusal(h, name, input);
      answers[name] = `${error.code} ${error.reason ?? ''}`;
    }
    expect(answers).toEqual(Object.fromEntries(facilitatorCalls.map((name) => [name, 'locked access.lockedForAttendee'])));
    expect(dumpStore(sqliteFile)).toEqual(before);
    expect(auditLength(sqliteFile)).toBe(auditBefore);

    // The attendee's own calls go on, to the end of the journey.
    expect((await h.call('journey.get', who)).place).toBe('platformPasskey');
    expect((await h.call('journey.passkey.start', who)).passkey.phase).toBe('waiting');
    expect((await h.call('keys.list', {})).keys).toHaveLength(1);
    let view = await h.call('journey.get', who);
    for (const step of skippableStepIds) {
      view = await h.call('journey.skip', { ...who, step, reason: 'other', note: 'Training walkthrough only' });
    }
    expect(view.place).toBe('done');
    // Done, and still the attendee's: the next confirmation needs the facilitator back.
    expect(await refusal(h, 'board.get', { sessionId: fixture.sessionId })).toMatchObject({ code: 'locked', reason: 'access.lockedForAttendee' });
    expect(h.core.access.state()).toMatchObject({ locked: true, lockedBecause: 'attendeeJourney' });
  });

  it('takes the facilitator back with a touch alone within idleLockSeconds of their PIN unlock, no PIN sent', async () => {
    const h = harness({ access: { idleLockSeconds: 300 } });
    const session = await h.call('session.start', { department: 'Training', room: 'B-204', plannedMinutes: 30 });
    await h.call('roster.loadTraining', { sessionId: session.id });
    const scan = await h.call('badge.scan', { sessionId: session.id, raw: '100103' });
    if (scan.kind !== 'matched') throw new Error('no match');
    h.advanceMinutes(4);
    await h.call('identity.confirm', { sessionId: session.id, attendeeId: scan.attendee.id, faceConfirmed: true, secondSignal: 'managerPresent' });
    // The PIN unlock was at T0: the touch is offered until five minutes later.
    expect(h.core.access.state().touchUnlock).toEqual({ name: TRAINING_FACILITATOR, until: new Date(T0 + 300_000).toISOString() });

    const back = await h.core.dispatch('access.unlock', {}, { transport: 'test' });
    expect(back).toMatchObject({ ok: true, result: { locked: false, facilitator: { name: TRAINING_FACILITATOR }, touchUnlock: null } });
    expect(auditRows(h, 'access.unlocked').map((row) => row.data['by'])).toEqual(['pin', 'touch']);
    expect((await h.call('board.get', { sessionId: session.id })).rows).toHaveLength(12);
  });

  it('asks for the PIN once the touch window is over, and PIN and touch unlock as before', async () => {
    const h = harness({ access: { idleLockSeconds: 300 } });
    const session = await h.call('session.start', { department: 'Training', room: 'B-204', plannedMinutes: 30 });
    await h.call('roster.loadTraining', { sessionId: session.id });
    const scan = await h.call('badge.scan', { sessionId: session.id, raw: '100104' });
    if (scan.kind !== 'matched') throw new Error('no match');
    await h.call('identity.confirm', { sessionId: session.id, attendeeId: scan.attendee.id, faceConfirmed: true, secondSignal: 'managerPresent' });
    h.advanceMinutes(5);
    expect(h.core.access.state()).toMatchObject({ locked: true, touchUnlock: null });

    expect(await refusal(h, 'access.unlock', {})).toMatchObject({ code: 'key_pin_required', reason: 'access.pinNeeded' });
    expect(h.core.access.state()).toMatchObject({ locked: true, lockedBecause: 'attendeeJourney' });
    const withPin = await h.core.dispatch('access.unlock', { pin: TRAINING_FACILITATOR_PIN }, { transport: 'test' });
    expect(withPin).toMatchObject({ ok: true, result: { locked: false, facilitator: { name: TRAINING_FACILITATOR } } });
    expect(auditRows(h, 'access.unlocked').map((row) => row.data['by'])).toEqual(['pin', 'pin']);
  });

  it('refuses another facilitator\'s touch: only the key of the one whose PIN unlock opened the window answers it', async () => {
    const h = harness();
    const ida = await handOverTo(h, 'Ida Admin', 'facilitator');
    const session = await h.call('session.start', { department: 'Training', room: 'B-204', plannedMinutes: 30 });
    await h.call('roster.loadTraining', { sessionId: session.id });
    const confirm = async (badge: string) => {
      const scan = await h.call('badge.scan', { sessionId: session.id, raw: badge });
      if (scan.kind !== 'matched') throw new Error('no match');
      await h.call('identity.confirm', { sessionId: session.id, attendeeId: scan.attendee.id, faceConfirmed: true, secondSignal: 'managerPresent' });
    };
    await confirm('100103');
    expect(h.core.access.state().touchUnlock).toMatchObject({ name: 'Ida Admin' });
    // Ida's own key is still plugged in: her touch takes her back.
    expect(await h.core.dispatch('access.unlock', {}, { transport: 'test' })).toMatchObject({ ok: true, result: { facilitator: { id: ida.id, name: 'Ida Admin' } } });

    await confirm('100104');
    // Ida pulls her key; another key goes in. The built-in key is there too, holding the training facilitator's credential.
    await h.call('keys.freshTrainingKey', {});
    expect(await refusal(h, 'access.unlock', {})).toMatchObject({ code: 'forbidden', reason: 'access.touchNotYours', params: { name: 'Ida Admin' } });
    expect(h.core.access.state()).toMatchObject({ locked: true, facilitator: null });
    // Another facilitator comes back with their own key and PIN.
    expect(await h.core.dispatch('access.unlock', { pin: TRAINING_FACILITATOR_PIN }, { transport: 'test' })).toMatchObject({ ok: true, result: { facilitator: { name: TRAINING_FACILITATOR } } });
    expect(auditRows(h, 'access.unlocked').map((row) => `${row.actor} ${String(row.data['by'])}`)).toEqual([
      `${TRAINING_FACILITATOR} pin`,
      'Ida Admin pin',
      'Ida Admin touch',
      `${TRAINING_FACILITATOR} pin`,
    ]);
  });
});

describe('a touch alone at the FIDO layer', () => {
  it('is a getAssertion with user presence and without user verification on a credProtect-2 facilitator credential; the kiosk accepts it only as a touch unlock', async () => {
    const server = await startVirtualAuthenticatorServer();
    servers.push(server);
    const keys = new KeyService({ backend: createSocketBackend({ port: server.port }), catalog: AaguidCatalog.curated(), kioskMinPinLength: 6 });
    const [key] = await keys.list();
    const pin = '583920';
    await keys.setPin(key!.path, pin);
    const rp = kioskRp('kiosk.example.com');
    const options = await facilitatorRegistrationOptions(rp, { id: 'ida', name: 'Ida Admin' }, []);
    const registration = await keys.registerOnBehalf({ path: key!.path, options, origin: rp.origin, pin });
    // An independent verifier reads the key's answer: made with UV, protected at level 2.
    const made = await verifyRegistrationResponse({ response: registration, expectedChallenge: options.challenge, expectedOrigin: rp.origin, expectedRPID: rp.rpId, requireUserVerification: true });
    expect(made.registrationInfo?.userVerified).toBe(true);
    expect(made.registrationInfo?.authenticatorExtensionResults).toMatchObject({ credProtect: 2 });
    const stored = { credentialId: made.registrationInfo!.credential.id, publicKey: Buffer.from(made.registrationInfo!.credential.publicKey).toString('base64url'), signCount: 0 };

    const challenge = newChallenge();
    const touch = await keys.authenticate(key!.path, { rpId: rp.rpId, origin: rp.origin, challenge, allowCredentials: [stored.credentialId], pin: null });
    const flags = Buffer.from(touch!.response.authenticatorData, 'base64url')[32]!;
    expect({ up: (flags & 0x01) !== 0, uv: (flags & 0x04) !== 0 }).toEqual({ up: true, uv: false });
    // Where a PIN unlock is asked for, the same assertion is refused; as a touch unlock it verifies.
    await expect(verifyFacilitatorSignIn(rp, challenge, touch!, stored, true)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await verifyFacilitatorSignIn(rp, challenge, touch!, stored, false)).toBeGreaterThan(0);

    // The PIN path is user-verified, as before.
    const next = newChallenge();
    const withPin = await keys.authenticate(key!.path, { rpId: rp.rpId, origin: rp.origin, challenge: next, allowCredentials: [stored.credentialId], pin });
    expect(Buffer.from(withPin!.response.authenticatorData, 'base64url')[32]! & 0x04).toBe(0x04);
    expect(await verifyFacilitatorSignIn(rp, next, withPin!, { ...stored, signCount: 1 }, true)).toBeGreaterThan(1);
    // A key holding none of the listed credentials is not asked for a touch at all.
    expect(await keys.authenticate(key!.path, { rpId: rp.rpId, origin: rp.origin, challenge: newChallenge(), allowCredentials: ['AAAAAAAAAAAAAAAAAAAAAA'], pin: null })).toBeNull();
  });
});
