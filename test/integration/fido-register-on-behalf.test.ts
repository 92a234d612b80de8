import { randomBytes } from 'node:crypto';
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../shared/contract/errors';
import { createSocketBackend } from '../../electron/core/fido/hid/socket-backend';
import { AaguidCatalog } from '../../electron/core/fido/keys/aaguid-catalog';
import { KeyService, type KeyProgress } from '../../electron/core/fido/keys/key-service';
import type { RegistrationOptionsJSON } from '../../electron/core/fido/keys/registration-plan';
import { decodeCbor } from '../../electron/core/fido/cbor/cbor';
import { parseAuthenticatorData } from '../../electron/core/fido/ctap2/authenticator-data';
import {
  startVirtualAuthenticatorServer,
  VirtualAuthenticator,
  type VirtualAuthenticatorInit,
  type VirtualAuthenticatorServer,
} from '../../electron/core/fido/virtual';
import { creationOptions as ideal } from './helpers/creation-options';

const ORIGIN = 'https://login.example.com';
const RP_ID = 'example.com';
const PIN = '583920';

let servers: VirtualAuthenticatorServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** Our KeyService over the UDP socket backend to a fresh in-process virtual authenticator. */
async function setup(init: VirtualAuthenticatorInit = {}) {
  const server = await startVirtualAuthenticatorServer({ authenticator: new VirtualAuthenticator({ resetWindowMs: null, ...init }) });
  servers.push(server);
  const progress: KeyProgress[] = [];
  const keys = new KeyService({
    backend: createSocketBackend({ port: server.port }),
    catalog: AaguidCatalog.curated(),
    kioskMinPinLength: 6,
    onProgress: (p) => progress.push(p),
  });
  const [key] = await keys.list();
  if (!key) throw new Error('the virtual authenticator is not listed');
  return { server, keys, path: key.path, key, progress };
}

/** The IdP here offers RS256 too, asks for direct attestation and credProps. */
function creationOptions(overrides: Partial<RegistrationOptionsJSON> = {}): RegistrationOptionsJSON {
  return ideal({ pubKeyCredParams: [{ alg: -7, type: 'public-key' }, { alg: -257, type: 'public-key' }], attestation: 'direct', extensions: { credProps: true }, ...overrides });
}

async function expectKioskError(promise: Promise<unknown>, code: string): Promise<KioskError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(KioskError);
  expect((error as KioskError).code).toBe(code);
  return error as KioskError;
}

describe('our CTAP2 client against the virtual authenticator over the socket backend', () => {
  it('lists the virtual key with its model name from the AAGUID table and no PIN', async () => {
    const { key } = await setup();
    expect(key).toMatchObject({ state: 'ready', training: true, model: 'Enrollment Kiosk virtual key (training)', pinState: 'notSet', pinRetries: null });
    expect(key.versions).toContain('FIDO_2_1');
  });

  for (const protocol of [2, 1] as const) {
    it(`PIN protocol ${protocol}: setPin, verifyPin, registerOnBehalf accepted by verifyRegistrationResponse with UV required, testAssertion`, async () => {
      const { keys, path, progress } = await setup({ pinUvAuthProtocols: [protocol] });
      await keys.setPin(path, PIN);
      await expect(keys.pinStatus(path)).resolves.toMatchObject({ pinState: 'set', retries: 8 });
      await expect(keys.verifyPin(path, PIN)).resolves.toEqual({ retries: 8 });

      const options = creationOptions();
      const response = await keys.registerOnBehalf({ path, options, origin: ORIGIN, pin: PIN });
      expect(response.authenticatorAttachment).toBe('cross-platform');
      expect(response.response.transports).toEqual(['usb']);
      expect(response.clientExtensionResults).toEqual({ credProps: { rk: true } });
      const clientData = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8'));
      expect(Object.keys(clientData)).toEqual(['type', 'challenge', 'origin', 'crossOrigin']);
      expect(clientData.challenge).toBe(options.challenge);

      const verification = await verifyRegistrationResponse({
        response,
        expectedChallenge: options.challenge,
        expectedOrigin: ORIGIN,
        expectedRPID: RP_ID,
        requireUserVerification: true,
      });
      expect(verification.verified).toBe(true);
      expect(verification.registrationInfo?.credentialDeviceType).toBe('singleDevice');

      const check = await keys.testAssertion(path, { rpId: RP_ID, credentialId: response.id, pin: PIN });
      expect(check).toMatchObject({ verified: true, userPresent: true, userVerified: true });
      const metadata = await keys.credentialsMetadata(path, PIN);
      expect(metadata.existingResidentCredentialsCount).toBe(1);
      expect(progress.every((p) => p.path === path)).toBe(true);
    });
  }

  it('credProtect: level 2 by default for the discoverable backup credential, the IdP policy when it names one', async () => {
    const { keys, path } = await setup();
    await keys.setPin(path, PIN);
    const credProtectOf = (attestationObject: string) => {
      const decoded = decodeCbor(new Uint8Array(Buffer.from(attestationObject, 'base64url'))) as Map<string, unknown>;
      return parseAuthenticatorData(decoded.get('authData') as Uint8Array).extensions?.get('credProtect');
    };
    const byDefault = await keys.registerOnBehalf({ path, options: creationOptions(), origin: ORIGIN, pin: PIN });
    expect(credProtectOf(byDefault.response.attestationObject)).toBe(2);
    const strict = creationOptions({ extensions: { credentialProtectionPolicy: 'userVerificationRequired', enforceCredentialProtectionPolicy: true } });
    const required = await keys.registerOnBehalf({ path, options: strict, origin: ORIGIN, pin: PIN });
    expect(credProtectOf(required.response.attestationObject)).toBe(3);
  });

  it('a registration checked against the wrong origin or the wrong RP ID is rejected', async () => {
    const { keys, path } = await setup();
    await keys.setPin(path, PIN);
    const options = creationOptions();
    const response = await keys.registerOnBehalf({ path, options, origin: ORIGIN, pin: PIN });
    const base = { response, expectedChallenge: options.challenge, requireUserVerification: true };
    await expect(verifyRegistrationResponse({ ...base, expectedOrigin: 'https://evil.example.net', expectedRPID: RP_ID })).rejects.toThrow(/origin/i);
    await expect(verifyRegistrationResponse({ ...base, expectedOrigin: ORIGIN, expectedRPID: 'evil.example.net' })).rejects.toThrow(/RP ID/i);
  });

  it('testAssertion also verifies with the SPKI public key from the registration response', async () => {
    const { server, keys, path } = await setup();
    await keys.setPin(path, PIN);
    const response = await keys.registerOnBehalf({ path, options: creationOptions(), origin: ORIGIN, pin: PIN });
    const fresh = new KeyService({ backend: createSocketBackend({ port: server.port }), catalog: AaguidCatalog.curated(), kioskMinPinLength: 6 });
    const check = await fresh.testAssertion(path, {
      rpId: RP_ID,
      credentialId: response.id,
      pin: PIN,
      publicKey: { spki: response.response.publicKey!, alg: response.response.publicKeyAlgorithm! },
    });
    expect(check.verified).toBe(true);
  });

  it('a wrong PIN says how many tries are left; three in a row need a replug; eight block the PIN', async () => {
    const { server, keys, path } = await setup();
    await keys.setPin(path, PIN);
    const first = await expectKioskError(keys.verifyPin(path, '000111'), 'key_pin_invalid');
    expect(first.message).toBe('Wrong PIN. 7 tries left before the key locks.');
    await expectKioskError(keys.verifyPin(path, '000111'), 'key_pin_invalid');
    const third = await expectKioskError(keys.verifyPin(path, '000111'), 'key_user_action');
    expect(third.message).toMatch(/unplug the key and plug it in again/);
    for (let round = 0; round < 2; round++) {
      server.authenticator.powerCycle();
      await expectKioskError(keys.verifyPin(path, '000111'), 'key_pin_invalid');
      await expectKioskError(keys.verifyPin(path, '000111'), 'key_pin_invalid');
    }
    server.authenticator.powerCycle();
    const last = await expectKioskError(keys.verifyPin(path, '000111'), 'key_pin_blocked');
    expect(last.says).toEqual({ reason: 'key.pinBlocked', params: {} });
    const blocked = await expectKioskError(keys.verifyPin(path, PIN), 'key_pin_blocked');
    expect(blocked.message).toMatch(/reset deletes every credential/);
  });

  it('refuses trivial PINs before touching the key, and changePin keeps the policy too', async () => {
    const { keys, path } = await setup();
    const error = await expectKioskError(keys.setPin(path, '123456'), 'key_pin_policy');
    expect(error.message).toMatch(/sequence/);
    await expect(keys.pinStatus(path)).resolves.toMatchObject({ pinState: 'notSet' });
    await keys.setPin(path, PIN);
    await expectKioskError(keys.changePin(path, PIN, '111111'), 'key_pin_policy');
    await keys.changePin(path, PIN, '40913377');
    await expect(keys.verifyPin(path, '40913377')).resolves.toEqual({ retries: 8 });
    await expectKioskError(keys.setPin(path, '271828'), 'conflict');
  });

  it('registration without a PIN set asks for a PIN first', async () => {
    const { keys, path } = await setup();
    await expectKioskError(keys.registerOnBehalf({ path, options: creationOptions(), origin: ORIGIN, pin: PIN }), 'key_pin_required');
  });

  it('an excluded credential is refused as already registered', async () => {
    const { keys, path } = await setup();
    await keys.setPin(path, PIN);
    const first = await keys.registerOnBehalf({ path, options: creationOptions(), origin: ORIGIN, pin: PIN });
    const again = creationOptions({ excludeCredentials: [{ id: first.id, type: 'public-key' }] });
    await expectKioskError(keys.registerOnBehalf({ path, options: again, origin: ORIGIN, pin: PIN }), 'key_already_registered');
  });

  it('an excludeList longer than the key accepts (8) is checked in batches: a match in the last batch is refused, none registers', async () => {
    const { keys, path } = await setup();
    await keys.setPin(path, PIN);
    const first = await keys.registerOnBehalf({ path, options: creationOptions(), origin: ORIGIN, pin: PIN });
    const strangers = Array.from({ length: 11 }, () => ({ id: randomBytes(48).toString('base64url'), type: 'public-key' as const }));
    const withMatch = creationOptions({ excludeCredentials: [...strangers, { id: first.id, type: 'public-key' }] });
    await expectKioskError(keys.registerOnBehalf({ path, options: withMatch, origin: ORIGIN, pin: PIN }), 'key_already_registered');
    const withoutMatch = creationOptions({ excludeCredentials: [...strangers, { id: randomBytes(48).toString('base64url'), type: 'public-key' }] });
    await expect(keys.registerOnBehalf({ path, options: withoutMatch, origin: ORIGIN, pin: PIN })).resolves.toMatchObject({ type: 'public-key' });
  });

  it('a key that waits for a touch reports touchNeeded, and cancel ends the wait', async () => {
    const { keys, path, progress } = await setup({ userPresence: 'timeout', userPresenceTimeoutMs: 20_000 });
    await keys.setPin(path, PIN);
    const pending = keys.registerOnBehalf({ path, options: creationOptions(), origin: ORIGIN, pin: PIN });
    for (let i = 0; i < 100 && !progress.some((p) => p.stage === 'touchNeeded'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(progress.some((p) => p.stage === 'touchNeeded')).toBe(true);
    await expect(keys.list()).resolves.toMatchObject([{ path, state: 'busy' }]);
    expect(keys.cancel(path)).toBe(true);
    await expectKioskError(pending, 'cancelled');
    expect(progress.at(-1)?.stage).toBe('done');
  });

  it('a person who refuses the touch gets a message to touch the key', async () => {
    const { keys, path } = await setup({ userPresence: 'denied' });
    await keys.setPin(path, PIN);
    const error = await expectKioskError(keys.registerOnBehalf({ path, options: creationOptions(), origin: ORIGIN, pin: PIN }), 'key_user_action');
    expect(error.message).toMatch(/Touch the key/);
  });

  it('a stopped server looks like an unplugged key', async () => {
    const { server, keys, path } = await setup();
    await server.close();
    servers = [];
    await expect(keys.list()).resolves.toEqual([]);
    await expect(keys.pinStatus(path)).rejects.toBeInstanceOf(KioskError);
  });
});
