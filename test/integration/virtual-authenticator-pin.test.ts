import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientPinSubcommand, Ctap2Command, CtapStatus, Permission } from '../../electron/core/fido/ctap2/ctap2-constants';
import type { HidConnection } from '../../electron/core/fido/hid/hid-connection';
import { pinProtocol, type PinProtocolVersion } from '../../electron/core/fido/pin/pin-protocol';
import { VirtualAuthenticator, type VirtualAuthenticatorInit } from '../../electron/core/fido/virtual/virtual-authenticator';
import { cbor, init, PinHost } from './virtual-authenticator-raw-client';

const open: HidConnection[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

async function keyWithPin(version: PinProtocolVersion, options: VirtualAuthenticatorInit = {}) {
  const key = new VirtualAuthenticator(options);
  const connection = key.connect();
  open.push(connection);
  const cid = await init(connection);
  const host = new PinHost(connection, cid, version);
  expect(await host.setPin('1357')).toBe(CtapStatus.CTAP2_OK);
  return { key, connection, cid, host };
}

function makeCredentialParams(rpId: string, extra: [number, unknown][] = []): Map<number, unknown> {
  return new Map<number, unknown>([
    [1, new Uint8Array(createHash('sha256').update('client data').digest())],
    [2, new Map([['id', rpId]])],
    [3, new Map<string, unknown>([['id', new Uint8Array([1, 2, 3])], ['name', 'ada']])],
    [4, [new Map<string, unknown>([['alg', -7], ['type', 'public-key']])]],
    ...extra,
  ]);
}

for (const version of [1, 2] as PinProtocolVersion[]) {
  describe(`virtual authenticator PIN handling, protocol ${version}`, () => {
    it('blocks PIN use after 3 wrong tries in a row until a power cycle, and a correct PIN then restores 8 retries', async () => {
      const { key, host } = await keyWithPin(version);
      expect((await host.token('0000', Permission.mc)).status).toBe(CtapStatus.CTAP2_ERR_PIN_INVALID);
      expect((await host.token('0000', Permission.mc)).status).toBe(CtapStatus.CTAP2_ERR_PIN_INVALID);
      expect((await host.token('0000', Permission.mc)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_BLOCKED);
      expect(await host.retries()).toEqual({ retries: 5, powerCycle: true });
      // Even the right PIN is refused, and costs nothing, until the key is replugged.
      expect((await host.token('1357', Permission.mc)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_BLOCKED);
      expect((await host.retries()).retries).toBe(5);
      key.powerCycle();
      const granted = await host.token('1357', Permission.mc);
      expect(granted.status).toBe(CtapStatus.CTAP2_OK);
      expect(granted.token?.length).toBe(32);
      expect(await host.retries()).toEqual({ retries: 8, powerCycle: false });
    });

    it('blocks the PIN for good after 8 wrong tries across power cycles; only reset helps', async () => {
      const { key, host, connection, cid } = await keyWithPin(version, { resetWindowMs: null });
      const seen: number[] = [];
      for (let attempt = 0; attempt < 8; attempt++) {
        if (attempt > 0 && attempt % 3 === 0) key.powerCycle();
        seen.push((await host.token('9999', Permission.mc)).status);
      }
      expect(seen).toEqual([
        CtapStatus.CTAP2_ERR_PIN_INVALID,
        CtapStatus.CTAP2_ERR_PIN_INVALID,
        CtapStatus.CTAP2_ERR_PIN_AUTH_BLOCKED,
        CtapStatus.CTAP2_ERR_PIN_INVALID,
        CtapStatus.CTAP2_ERR_PIN_INVALID,
        CtapStatus.CTAP2_ERR_PIN_AUTH_BLOCKED,
        CtapStatus.CTAP2_ERR_PIN_INVALID,
        CtapStatus.CTAP2_ERR_PIN_BLOCKED,
      ]);
      key.powerCycle();
      expect((await host.retries()).retries).toBe(0);
      expect((await host.token('1357', Permission.mc)).status).toBe(CtapStatus.CTAP2_ERR_PIN_BLOCKED);
      expect(key.describe()).toMatchObject({ pinSet: true, pinRetries: 0 });
      expect((await cbor(connection, cid, Ctap2Command.reset)).status).toBe(CtapStatus.CTAP2_OK);
      expect(key.describe()).toMatchObject({ pinSet: false, pinRetries: 8 });
    });

    it('enforces the new-PIN rules: minimum length in code points, at most 63 bytes, one PIN only via setPIN', async () => {
      const key = new VirtualAuthenticator({ minPinLength: 6 });
      const connection = key.connect();
      open.push(connection);
      const host = new PinHost(connection, await init(connection), version);
      expect(await host.setPin('12345')).toBe(CtapStatus.CTAP2_ERR_PIN_POLICY_VIOLATION);
      expect(await host.setPin(new Uint8Array(64).fill(0x31))).toBe(CtapStatus.CTAP2_ERR_PIN_POLICY_VIOLATION);
      // Six code points although twelve bytes: accepted.
      expect(await host.setPin('äöüäöü')).toBe(CtapStatus.CTAP2_OK);
      expect(await host.setPin('654321')).toBe(CtapStatus.CTAP2_ERR_NOT_ALLOWED);
      expect((await host.token('äöüäöü', Permission.mc)).status).toBe(CtapStatus.CTAP2_OK);
    });

    it('accepts a 63-byte PIN and rejects a setPIN whose pinUvAuthParam does not match', async () => {
      const key = new VirtualAuthenticator();
      const connection = key.connect();
      open.push(connection);
      const cid = await init(connection);
      const host = new PinHost(connection, cid, version);
      const { platformKey, secret } = await host.sharedSecret();
      const protocol = pinProtocol(version);
      const newPinEnc = protocol.encrypt(secret, PinHost.padPin('a'.repeat(63)));
      const badParam = protocol.authenticate(secret, new Uint8Array([1, 2, 3]));
      const params = new Map<number, unknown>([[1, version], [2, ClientPinSubcommand.setPIN], [3, platformKey], [4, badParam], [5, newPinEnc]]);
      expect((await cbor(connection, cid, Ctap2Command.clientPIN, params)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
      expect(await host.setPin('a'.repeat(63))).toBe(CtapStatus.CTAP2_OK);
    });

    it('requires a token for makeCredential once a PIN is set, with the mc permission and the bound RP', async () => {
      const { connection, cid, host } = await keyWithPin(version);
      const params = makeCredentialParams('a.example');
      expect((await cbor(connection, cid, Ctap2Command.makeCredential, params)).status).toBe(CtapStatus.CTAP2_ERR_PUAT_REQUIRED);
      const cdh = params.get(1) as Uint8Array;
      const gaOnly = (await host.token('1357', Permission.ga, 'a.example')).token as Uint8Array;
      const withGa = makeCredentialParams('a.example', [[8, host.authenticate(gaOnly, cdh)], [9, version]]);
      expect((await cbor(connection, cid, Ctap2Command.makeCredential, withGa)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
      const forA = (await host.token('1357', Permission.mc, 'a.example')).token as Uint8Array;
      const onB = makeCredentialParams('b.example', [[8, host.authenticate(forA, cdh)], [9, version]]);
      expect((await cbor(connection, cid, Ctap2Command.makeCredential, onB)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
      const onA = makeCredentialParams('a.example', [[8, host.authenticate(forA, cdh)], [9, version]]);
      const made = await cbor(connection, cid, Ctap2Command.makeCredential, onA);
      expect(made.status).toBe(CtapStatus.CTAP2_OK);
      const flags = (made.body?.get(2) as Uint8Array)[32] ?? 0;
      expect(flags & 0x05).toBe(0x05);
    });

    it('refuses permissions it cannot grant and an old token after a new one was issued', async () => {
      const { connection, cid, host } = await keyWithPin(version);
      expect((await host.token('1357', Permission.be)).status).toBe(CtapStatus.CTAP2_ERR_UNAUTHORIZED_PERMISSION);
      const first = (await host.token('1357', Permission.mc)).token as Uint8Array;
      await host.token('1357', Permission.mc);
      const params = makeCredentialParams('a.example');
      params.set(8, host.authenticate(first, params.get(1) as Uint8Array));
      params.set(9, version);
      expect((await cbor(connection, cid, Ctap2Command.makeCredential, params)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
    });
  });
}
