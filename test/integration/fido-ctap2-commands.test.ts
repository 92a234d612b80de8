import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getCredsMetadata, reset, selection } from '../../electron/core/fido/ctap2/authenticator-admin';
import { ClientPin } from '../../electron/core/fido/ctap2/client-pin';
import { CtapStatus, Permission } from '../../electron/core/fido/ctap2/ctap2-constants';
import { CtapError } from '../../electron/core/fido/ctap2/ctap2-error';
import { getAssertion, getNextAssertion } from '../../electron/core/fido/ctap2/get-assertion';
import { getInfo, pinState } from '../../electron/core/fido/ctap2/get-info';
import { makeCredential } from '../../electron/core/fido/ctap2/make-credential';
import { CtapHidDevice } from '../../electron/core/fido/ctaphid/ctaphid-device';
import { CtapHidError } from '../../electron/core/fido/ctaphid/ctaphid-error';
import { sha256 } from '../../electron/core/fido/keys/client-data';
import { VirtualAuthenticator, type VirtualAuthenticatorInit } from '../../electron/core/fido/virtual';

const PIN = '583920';
const RP_ID = 'commands.example.com';

async function open(init: VirtualAuthenticatorInit = {}) {
  const authenticator = new VirtualAuthenticator({ resetWindowMs: null, ...init });
  const device = await CtapHidDevice.open(authenticator.connect(), { pollMs: 20 });
  return { authenticator, device };
}

async function withPin(device: CtapHidDevice, version: 1 | 2 = 2) {
  const clientPin = new ClientPin(device, version);
  await clientPin.setPin(PIN);
  return clientPin;
}

async function discoverable(device: CtapHidDevice, clientPin: ClientPin, name: string) {
  const clientDataHash = sha256(randomBytes(32));
  const token = await clientPin.getPinUvAuthTokenUsingPinWithPermissions(PIN, Permission.mc, RP_ID);
  return makeCredential(device, { clientDataHash, rp: { id: RP_ID }, user: { id: randomBytes(16), name, displayName: name }, algorithms: [-7], rk: true, token });
}

describe('CTAP2 commands of our client against the virtual authenticator (in memory)', () => {
  it('getAssertion without allowList over two discoverable credentials, then getNextAssertion', async () => {
    const { device } = await open();
    const clientPin = await withPin(device);
    await discoverable(device, clientPin, 'ada');
    await discoverable(device, clientPin, 'grace');
    const token = await clientPin.getPinUvAuthTokenUsingPinWithPermissions(PIN, Permission.ga, RP_ID);
    const first = await getAssertion(device, { rpId: RP_ID, clientDataHash: sha256(randomBytes(32)), token });
    expect(first.numberOfCredentials).toBe(2);
    const second = await getNextAssertion(device);
    expect([first.user?.name, second.user?.name].sort()).toEqual(['ada', 'grace']);
    await expect(getNextAssertion(device)).rejects.toMatchObject({ name: 'CTAP2_ERR_NOT_ALLOWED' });
  });

  it('getCredsMetadata counts stored credentials with a cm token; legacy getPinToken works on protocol 1', async () => {
    const { device } = await open();
    const clientPin = await withPin(device, 1);
    await discoverable(device, clientPin, 'ada');
    const token = await clientPin.getPinUvAuthTokenUsingPinWithPermissions(PIN, Permission.cm);
    const metadata = await getCredsMetadata(device, token);
    expect(metadata.existingResidentCredentialsCount).toBe(1);
    expect(metadata.maxPossibleRemainingResidentCredentialsCount).toBeGreaterThan(0);
    expect((await clientPin.getPinToken(PIN)).token.length).toBeGreaterThanOrEqual(16);
  });

  it('reset deletes the PIN and the credentials; selection, wink and ping answer', async () => {
    const { authenticator, device } = await open();
    const clientPin = await withPin(device);
    await discoverable(device, clientPin, 'ada');
    await selection(device);
    await device.wink();
    await expect(device.ping(Uint8Array.of(1, 2, 3))).resolves.toEqual(Uint8Array.of(1, 2, 3));
    await reset(device);
    expect(pinState(await getInfo(device))).toBe('notSet');
    expect(authenticator.describe()).toMatchObject({ pinSet: false, discoverableCredentials: 0 });
  });

  it('a CTAP error injected by the key arrives as a CtapError with its name', async () => {
    const { authenticator, device } = await open();
    authenticator.injectFault({ kind: 'ctap-error', status: CtapStatus.CTAP2_ERR_KEY_STORE_FULL });
    const error = await getInfo(device).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CtapError);
    expect(error).toMatchObject({ name: 'CTAP2_ERR_KEY_STORE_FULL' });
  });

  it.each([
    ['a copy of the reply on another channel is filtered out', { kind: 'wrong-channel' as const }, 'answered'],
    ['garbage frames on other channels are filtered out', { kind: 'garbage' as const, frames: 3 }, 'answered'],
    ['a dropped continuation packet is ERR_INVALID_SEQ', { kind: 'drop-continuation' as const }, 'ERR_INVALID_SEQ'],
  ])('%s, and the next command works', async (_label, fault, expected) => {
    const { authenticator, device } = await open();
    authenticator.injectFault(fault);
    const outcome = await getInfo(device).then(
      () => 'answered',
      (e: unknown) => (e instanceof CtapHidError ? e.name : `untyped ${String(e)}`),
    );
    expect(outcome).toBe(expected);
    const fresh = await CtapHidDevice.open(authenticator.connect(), { pollMs: 20 });
    await expect(getInfo(fresh)).resolves.toMatchObject({ versions: expect.arrayContaining(['FIDO_2_1']) });
  });
});
