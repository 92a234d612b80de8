import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createSocketBackend } from '../../electron/core/fido/hid/socket-backend';
import { startVirtualAuthenticatorServer, VirtualAuthenticator } from '../../electron/core/fido/virtual';
import { AuditLog } from '../../electron/core/store/audit-log';
import { enrollWithPhone } from './helpers/journey-phone';
import { sessionCore } from './helpers/session-core';
import { until } from './helpers/until';
import { usbPort } from './helpers/usb-port';

const start = { department: 'Training', room: 'B-204', plannedMinutes: 30 };
let harness: ReturnType<typeof sessionCore> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function confirmedAttendee(h: ReturnType<typeof sessionCore>, badge = '100103') {
  const session = await h.call('session.start', start);
  await h.call('roster.loadTraining', { sessionId: session.id });
  const outcome = await h.call('badge.scan', { sessionId: session.id, raw: badge });
  if (outcome.kind !== 'matched') throw new Error(`badge ${badge} did not match`);
  await h.call('identity.confirm', { sessionId: session.id, attendeeId: outcome.attendee.id, faceConfirmed: true, secondSignal: 'managerPresent' });
  return { sessionId: session.id, attendeeId: outcome.attendee.id };
}


describe('the attendee journey in training mode, through the core dispatcher', () => {
  it('registers the phone passkey at the training IdP, then the backup key, committing each step', async () => {
    const h = (harness = sessionCore());
    const who = await confirmedAttendee(h);
    const first = await h.call('journey.get', who);
    expect(first).toMatchObject({ place: 'platformPasskey', mode: 'training', attendee: { givenName: expect.any(String) }, passkey: { phase: 'notStarted' } });

    const shown = await h.call('journey.passkey.start', who);
    const offer = shown.passkey.offer!;
    expect(shown.passkey.phase).toBe('waiting');
    expect(offer.url).toMatch(/^http:\/\/localhost:\d+\/enroll\/[A-Za-z0-9_-]+$/);
    expect(offer.practiseUrl).toBe(offer.url);
    expect(offer.qr).toMatch(/^data:image\/svg\+xml;base64,/);

    const phone = await enrollWithPhone(offer.url);
    expect(phone.verify.status).toBe(200);
    const moved = await until('the passkey step to commit by itself', async () => {
      const view = await h.call('journey.get', who);
      return view.place === 'backupKey' ? view : null;
    }, 10_000);
    expect(moved.steps.platformPasskey.status).toBe('done');
    expect(h.events.some((e) => e.name === 'journey.changed')).toBe(true);
    // The link is one-time: opened again it says so.
    expect((await fetch(offer.url)).status).toBe(410);

    // Without a path the core picks the key plugged in, and says what comes next: a first PIN.
    const inspected = await h.call('journey.key.inspect', who);
    const [key] = (await h.call('keys.list', {})).keys;
    expect(inspected).toMatchObject({ path: key!.path, training: true, pinState: 'notSet', minPinLength: 6, usedForOtherAttendee: false, next: { stage: 'newPin' } });
    expect(await h.call('journey.key.checkPin', { ...who, path: key!.path, pin: '123456' })).toEqual({ ok: false, rule: 'sequence', says: { reason: 'key.pinSequence', params: {} }, minLength: 6 });
    expect(await h.call('journey.key.checkPin', { ...who, path: key!.path, pin: '4829' })).toEqual({ ok: false, rule: 'tooShort', says: { reason: 'key.pinTooShort', params: { min: 6 } }, minLength: 6 });
    expect((await h.fail('journey.key.setPin', { ...who, path: key!.path, pin: '000000' })).code).toBe('key_pin_policy');
    expect(await h.call('journey.key.setPin', { ...who, path: key!.path, pin: '482915' })).toMatchObject({ pinState: 'set', pinRetries: 8, next: { stage: 'pin' } });

    const wrong = await h.fail('journey.key.register', { ...who, path: key!.path, pin: '999999' });
    expect(wrong).toMatchObject({ code: 'key_pin_invalid', details: { retries: 7 } });

    const done = await h.call('journey.key.register', { ...who, path: key!.path, pin: '482915' });
    expect(done.place).toBe('recoveryCodes');
    expect(done.backupKey).toMatchObject({ phase: 'done', fingerprint: expect.stringMatching(/^[0-9A-F]{4} [0-9A-F]{4}$/) });

    const user = (await h.core.idp.findUser({ badgeId: '100103' }))!;
    const listed = await until('the outbox to deliver the key', async () => {
      const list = await h.core.idp.listAuthenticators(user);
      return list.some((a) => a.type === 'securityKey') ? list : null;
    }, 10_000);
    expect(listed.map((a) => a.type).sort()).toEqual(['passkey', 'securityKey']);

    const actions = new AuditLog(h.core.db, () => new Date()).list().map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['journey.passkeyLink', 'step.done', 'journey.keyPinSet', 'journey.keyRegistered']));
    // The board is the facilitator's: they come back with their key first.
    await h.comeBack();
    const board = await h.call('board.get', { sessionId: who.sessionId });
    expect(board.rows.find((r) => r.attendee.id === who.attendeeId)?.steps).toMatchObject({ platformPasskey: { status: 'done' }, backupKey: { status: 'done' } });
  });

  it('refuses steps out of order and actions before the identity is confirmed', async () => {
    const h = (harness = sessionCore());
    const who = await confirmedAttendee(h);
    const [key] = (await h.call('keys.list', {})).keys;
    expect((await h.fail('journey.key.inspect', { ...who, path: key!.path })).code).toBe('conflict');
    const session = await h.call('session.current', {});
    const other = await h.call('badge.scan', { sessionId: session!.id, raw: '100104' });
    if (other.kind !== 'matched') throw new Error('no match');
    expect((await h.fail('journey.passkey.start', { sessionId: session!.id, attendeeId: other.attendee.id })).code).toBe('identity_unconfirmed');
  });

  it('skips the phone passkey with a reason code and a note, which the board keeps, and goes on to the backup key', async () => {
    const h = (harness = sessionCore());
    const who = await confirmedAttendee(h);
    await h.call('journey.passkey.start', who);
    // Only a reason the step offers, and "other" only with a note: refused before anything is written.
    const invalid = [
      { ...who, step: 'platformPasskey', reason: 'keyDefective' },
      { ...who, step: 'platformPasskey', reason: 'other' },
      { ...who, step: 'platformPasskey', reason: 'other', note: '   ' },
      { ...who, step: 'platformPasskey', reason: 'notOfferedByIdp' },
      { ...who, step: 'badge', reason: 'other', note: 'No badge' },
    ];
    for (const input of invalid) expect((await h.fail('journey.skip', input as never)).code, JSON.stringify(input)).toBe('invalid_input');
    expect((await h.call('journey.get', who)).steps.platformPasskey.status).toBe('inProgress');

    const skipped = await h.call('journey.skip', { ...who, step: 'platformPasskey', reason: 'noSmartphone', note: ' Phone left at home ' });
    expect(skipped.place).toBe('backupKey');
    expect(skipped.steps.platformPasskey).toMatchObject({ status: 'skipped', reason: { code: 'noSmartphone', note: 'Phone left at home' } });
    expect(skipped.passkey.phase).toBe('notStarted');
    await h.comeBack();
    const board = await h.call('board.get', { sessionId: who.sessionId });
    expect(board.rows.find((r) => r.attendee.id === who.attendeeId)?.steps.platformPasskey).toMatchObject({
      status: 'skipped',
      reason: { code: 'noSmartphone', note: 'Phone left at home' },
    });
  });

  it('refuses a key model outside the allow-list before anything is written to it', async () => {
    const h = (harness = sessionCore({ keys: { backend: 'virtual', allowedAaguids: ['cb69481e-8ff7-4039-93ec-0a2729a154a8'] } }));
    const who = await confirmedAttendee(h);
    await h.call('journey.skip', { ...who, step: 'platformPasskey', reason: 'noSmartphone' });
    const [key] = (await h.call('keys.list', {})).keys;
    const refused = await h.fail('journey.key.inspect', { ...who, path: key!.path });
    expect(refused.code).toBe('key_not_allowed');
    expect(refused.message).toMatch(/not on the kiosk's list of allowed backup keys/);
    expect((await h.fail('journey.key.register', { ...who, path: key!.path, pin: '482915' })).code).toBe('key_not_allowed');
    expect((await h.call('keys.list', {})).keys[0]).toMatchObject({ pinState: 'notSet' });
  });

  it('warns about and refuses a key that already became another attendee\'s backup key in this session', async () => {
    const h = (harness = sessionCore());
    const first = await confirmedAttendee(h);
    await h.call('journey.skip', { ...first, step: 'platformPasskey', reason: 'noSmartphone' });
    const [key] = (await h.call('keys.list', {})).keys;
    await h.call('journey.key.setPin', { ...first, path: key!.path, pin: '482915' });
    await h.call('journey.key.register', { ...first, path: key!.path, pin: '482915' });

    const outcome = await h.call('badge.scan', { sessionId: first.sessionId, raw: '100104' });
    if (outcome.kind !== 'matched') throw new Error('no match');
    // The next attendee's confirmation is the facilitator's, back with their key.
    await h.comeBack();
    await h.call('identity.confirm', { sessionId: first.sessionId, attendeeId: outcome.attendee.id, faceConfirmed: true, secondSignal: 'hrCallback' });
    const second = { sessionId: first.sessionId, attendeeId: outcome.attendee.id };
    await h.call('journey.skip', { ...second, step: 'platformPasskey', reason: 'noSmartphone' });
    // The core says this key is no way on for this attendee, as the error registering it would.
    expect(await h.call('journey.key.inspect', { ...second, path: key!.path })).toMatchObject({
      usedForOtherAttendee: true,
      pinState: 'set',
      next: { stage: 'problem', problem: { code: 'key_already_registered', reason: 'key.otherAttendee', details: { reason: 'otherAttendee' } } },
    });
    const refused = await h.fail('journey.key.register', { ...second, path: key!.path, pin: '482915' });
    expect(refused).toMatchObject({ code: 'key_already_registered', details: { reason: 'otherAttendee' } });

    // Training: the next attendee takes a fresh training key, as a fresh key from the kit.
    await h.call('keys.freshTrainingKey', {});
    const [fresh] = (await h.call('keys.list', {})).keys;
    expect(fresh!.path).not.toBe(key!.path);
    expect(await h.call('journey.key.inspect', { ...second, path: fresh!.path })).toMatchObject({ usedForOtherAttendee: false, pinState: 'notSet', next: { stage: 'newPin' } });
  });

  it('answers a key whose PIN is blocked with its problem, and null while no key is plugged in', async () => {
    const pinHash = createHash('sha256').update('482915', 'utf8').digest().subarray(0, 16).toString('base64url');
    const blocked = VirtualAuthenticator.fromJSON({ ...new VirtualAuthenticator().toJSON(), pinHash, pinRetries: 0 });
    const server = await startVirtualAuthenticatorServer({ authenticator: blocked });
    const port = usbPort();
    try {
      const h = (harness = sessionCore({}, { hid: port.hid }));
      const who = await confirmedAttendee(h);
      await h.call('journey.skip', { ...who, step: 'platformPasskey', reason: 'noSmartphone' });
      expect(await h.call('journey.key.inspect', who)).toBeNull();
      // Asked for the key, the kiosk watches for one: the screen hears of it when it is plugged in.
      port.plug(server.port);
      await until('key.attached for the plugged key', async () => h.events.find((event) => event.name === 'key.attached') ?? null, 10_000);
      expect(await h.call('journey.key.inspect', who)).toMatchObject({
        pinState: 'set',
        pinRetries: 0,
        next: { stage: 'problem', problem: { code: 'key_pin_blocked', reason: 'key.pinBlocked' } },
      });
    } finally {
      await harness?.close();
      harness = undefined;
      await server.close();
    }
  });

  it('in production refuses the kiosk\'s software key as a backup key, even when one is plugged in as a port', async () => {
    const server = await startVirtualAuthenticatorServer();
    try {
      const idp = { kind: 'keycloak', baseUrl: 'https://id.example.invalid', realm: 'staff', clientId: 'kiosk', clientSecretRef: 'kc', webauthn: { rpId: 'id.example.invalid', origin: 'https://id.example.invalid' } } as const;
      const h = (harness = sessionCore({ idp }, { hid: createSocketBackend({ port: server.port }) }));
      expect((await h.call('app.info', {})).mode).toBe('production');
      const session = await h.call('session.start', start);
      await h.call('roster.import', { sessionId: session.id, fileBase64: Buffer.from('Badge ID,Given name,Family name,Email,Department,Manager,Photo\n500501,Ada,Lovelace,ada@example.org,IT,Grace Hopper,\n').toString('base64') });
      const outcome = await h.call('badge.scan', { sessionId: session.id, raw: '500501' });
      if (outcome.kind !== 'matched') throw new Error('no match');
      const who = { sessionId: session.id, attendeeId: outcome.attendee.id };
      await h.call('identity.confirm', { ...who, faceConfirmed: true, secondSignal: 'managerPresent' });
      await h.call('journey.skip', { ...who, step: 'platformPasskey', reason: 'noSmartphone' });
      const [key] = (await h.call('keys.list', {})).keys;
      const refused = await h.fail('journey.key.inspect', { ...who, path: key!.path });
      expect(refused).toMatchObject({ code: 'key_not_allowed', message: expect.stringMatching(/built-in training key/) });
      expect(server.authenticator.describe()).toMatchObject({ pinSet: false, discoverableCredentials: 0 });
    } finally {
      await server.close();
    }
  });
});

