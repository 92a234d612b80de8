import { randomBytes } from 'node:crypto';
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeCbor } from '../../electron/core/fido/cbor/cbor';
import { parseAuthenticatorData } from '../../electron/core/fido/ctap2/authenticator-data';
import { createSocketBackend } from '../../electron/core/fido/hid/socket-backend';
import { AaguidCatalog } from '../../electron/core/fido/keys/aaguid-catalog';
import { KeyService } from '../../electron/core/fido/keys/key-service';
import { startVirtualAuthenticatorServer, VIRTUAL_AUTHENTICATOR_AAGUID, VirtualAuthenticator, type VirtualAuthenticatorServer } from '../../electron/core/fido/virtual';
import { creationOptions } from './helpers/creation-options';

const ORIGIN = 'https://login.example.com';
const RP_ID = 'example.com';
const PIN = '583920';
const ZERO_AAGUID = '00000000-0000-0000-0000-000000000000';

let servers: VirtualAuthenticatorServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function setup() {
  const server = await startVirtualAuthenticatorServer({ authenticator: new VirtualAuthenticator() });
  servers.push(server);
  const keys = new KeyService({ backend: createSocketBackend({ port: server.port }), catalog: AaguidCatalog.curated(), kioskMinPinLength: 6 });
  const [key] = await keys.list();
  if (!key) throw new Error('the virtual authenticator is not listed');
  await keys.setPin(key.path, PIN);
  return { server, keys, path: key.path };
}


function attestationOf(attestationObject: string) {
  const object = decodeCbor(new Uint8Array(Buffer.from(attestationObject, 'base64url'))) as Map<string, unknown>;
  const aaguid = parseAuthenticatorData(object.get('authData') as Uint8Array).attestedCredentialData?.aaguid ?? new Uint8Array();
  return { fmt: object.get('fmt'), attStmt: object.get('attStmt') as Map<string, unknown>, aaguid: Buffer.from(aaguid).toString('hex') };
}

describe('registration on the IdP\'s behalf follows the browser\'s client rules', () => {
  it.each([['"none"', { attestation: 'none' as const }], ['absent (WebAuthn\'s default is "none")', {}]])(
    'attestation %s: fmt none, empty attStmt, zero AAGUID, and verifyRegistrationResponse accepts it with UV required',
    async (_label, overrides) => {
      const { keys, path } = await setup();
      const options = creationOptions(overrides);
      const response = await keys.registerOnBehalf({ path, options, origin: ORIGIN, pin: PIN });
      expect(attestationOf(response.response.attestationObject)).toEqual({ fmt: 'none', attStmt: new Map(), aaguid: '0'.repeat(32) });
      const verification = await verifyRegistrationResponse({ response, expectedChallenge: options.challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, requireUserVerification: true });
      expect(verification.verified).toBe(true);
      expect(verification.registrationInfo).toMatchObject({ fmt: 'none', aaguid: ZERO_AAGUID });
      await expect(keys.testAssertion(path, { rpId: RP_ID, credentialId: response.id, pin: PIN })).resolves.toMatchObject({ verified: true });
    },
  );

  it('attestation "direct" passes the key\'s packed statement and AAGUID on', async () => {
    const { keys, path } = await setup();
    const options = creationOptions({ attestation: 'direct' });
    const response = await keys.registerOnBehalf({ path, options, origin: ORIGIN, pin: PIN });
    expect(attestationOf(response.response.attestationObject)).toMatchObject({ fmt: 'packed', aaguid: VIRTUAL_AUTHENTICATOR_AAGUID.replaceAll('-', '') });
    const verification = await verifyRegistrationResponse({ response, expectedChallenge: options.challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, requireUserVerification: true });
    expect(verification.registrationInfo).toMatchObject({ fmt: 'packed', aaguid: VIRTUAL_AUTHENTICATOR_AAGUID });
  });

  it('an RP ID the origin may not claim is refused with invalid_input, and the key makes no credential', async () => {
    const { server, keys, path } = await setup();
    const options = creationOptions({ rp: { id: 'evil.example.net', name: 'Evil' } });
    await expect(keys.registerOnBehalf({ path, options, origin: ORIGIN, pin: PIN })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('evil.example.net') });
    expect(server.authenticator.describe().discoverableCredentials).toBe(0);
  });

  it('long rp and user names reach the key cut to 64 bytes of UTF-8, whole characters only', async () => {
    const { server, keys, path } = await setup();
    const names = { rp: 'Ö'.repeat(50), name: `${'n'.repeat(200)}@example.com`, displayName: '日本語'.repeat(30) };
    const options = creationOptions({ rp: { id: RP_ID, name: names.rp }, user: { id: randomBytes(16).toString('base64url'), name: names.name, displayName: names.displayName } });
    await keys.registerOnBehalf({ path, options, origin: ORIGIN, pin: PIN });
    const [stored] = server.authenticator.toJSON().credentials;
    expect(stored).toMatchObject({ rpName: 'Ö'.repeat(32), userName: 'n'.repeat(64), userDisplayName: '日本語'.repeat(7) });
  });
});
