import { describe, expect, it } from 'vitest';
import { Ctap2Command, CtapStatus } from '../../electron/core/fido/ctap2/ctap2-constants';
import { CtapHidCommand, CtapHidError } from '../../electron/core/fido/ctaphid/ctaphid-constants';
import { AaguidCatalog } from '../../electron/core/fido/keys/aaguid-catalog';
import { KeyService } from '../../electron/core/fido/keys/key-service';
import { VirtualAuthenticator } from '../../electron/core/fido/virtual';
import { ctap2Reply, getInfoMap, hostileBackend, hostileDescriptor, isCtap2, isGetPinRetries, isInit, type HostileReply, type HostileRequest, type HostileScript } from './helpers/hostile-key';

const path = hostileDescriptor.path;
const PIN = '583920';
const U2F_ONLY = 'This key does not support FIDO2 (it is a U2F-only key). Use a FIDO2 security key.';

function service(script: HostileScript = {}, key = new VirtualAuthenticator()) {
  const keys = new KeyService({ backend: hostileBackend(key, () => script), catalog: AaguidCatalog.curated(), kioskMinPinLength: 6, hid: { pollMs: 20 } });
  return { keys, key };
}

/** Answers `match`ing requests with `reply`, passes the rest to the real virtual key. */
const answering = (match: (request: HostileRequest) => boolean, reply: HostileReply): HostileScript => ({ answer: (request) => (match(request) ? reply : 'pass') });
const isGetInfo = (request: HostileRequest) => isCtap2(request, Ctap2Command.getInfo);

/** An INIT answer (nonce, channel, versions) whose capability flags lack CBOR: a U2F-only key. */
function initWithoutCbor(request: HostileRequest): HostileReply {
  const body = new Uint8Array(17);
  body.set(request.payload.subarray(0, 8), 0);
  new DataView(body.buffer).setUint32(8, 0x0badcafe);
  body.set([2, 1, 0, 0, 0x01], 12);
  return { cmd: CtapHidCommand.INIT, payload: body };
}

describe('a U2F-only key is told apart from a broken one', () => {
  const u2fOnly: [string, HostileScript | 'fault'][] = [
    ['getInfo refused with CTAP1_ERR_INVALID_COMMAND (virtual key fault injection)', 'fault'],
    ['getInfo refused with a CTAPHID ERROR invalid command', answering(isGetInfo, { cmd: CtapHidCommand.ERROR, payload: Uint8Array.of(CtapHidError.INVALID_CMD) })],
    ['versions list with only U2F_V2', answering(isGetInfo, ctap2Reply(CtapStatus.CTAP2_OK, getInfoMap([[1, ['U2F_V2']]])))],
    ['INIT capabilities without CBOR', { answer: (request) => (isInit(request) ? initWithoutCbor(request) : 'pass') }],
  ];
  it.each(u2fOnly)('%s: listed with key_unsupported and the FIDO2 sentence, calls refused the same way', async (_label, script) => {
    const { keys, key } = service(script === 'fault' ? {} : script);
    if (script === 'fault') key.injectFault({ kind: 'ctap-error', status: CtapStatus.CTAP1_ERR_INVALID_COMMAND });
    await expect(keys.list()).resolves.toEqual([expect.objectContaining({ state: 'error', problemCode: 'key_unsupported', problem: { reason: 'key.u2fOnly', params: {} } })]);
    if (script === 'fault') key.injectFault({ kind: 'ctap-error', status: CtapStatus.CTAP1_ERR_INVALID_COMMAND });
    await expect(keys.pinStatus(path)).rejects.toMatchObject({ code: 'key_unsupported', message: U2F_ONLY });
  });
});

describe('CTAP2_ERR_PIN_INVALID is "wrong PIN" only when a PIN was sent', () => {
  it('getInfo answered PIN_INVALID: the listing says the key answered unexpectedly, not "Wrong PIN"', async () => {
    const { keys, key } = service();
    key.injectFault({ kind: 'ctap-error', status: CtapStatus.CTAP2_ERR_PIN_INVALID });
    const [listed] = await keys.list();
    expect(listed).toMatchObject({ state: 'error', problemCode: 'key_protocol', problem: { reason: 'key.unexpectedAnswer', params: { problem: 'CTAP2_ERR_PIN_INVALID' } } });
  });

  it('getPINRetries answered PIN_INVALID: pinStatus is key_protocol', async () => {
    const { keys } = service(answering(isGetPinRetries, ctap2Reply(CtapStatus.CTAP2_ERR_PIN_INVALID)));
    await keys.setPin(path, PIN);
    await expect(keys.pinStatus(path)).rejects.toMatchObject({ code: 'key_protocol', message: expect.stringContaining('answered unexpectedly') });
  });

  it('a wrong PIN really sent still says "Wrong PIN" with the tries left', async () => {
    const { keys } = service();
    await keys.setPin(path, PIN);
    await expect(keys.verifyPin(path, '000111')).rejects.toMatchObject({ code: 'key_pin_invalid', message: 'Wrong PIN. 7 tries left before the key locks.' });
  });
});

describe('numbers from the key are bounded: out of range is a malformed answer', () => {
  it.each([
    ['minPINLength 2^40', 13, 2 ** 40],
    ['minPINLength 3', 13, 3],
    ['minPINLength 64', 13, 64],
    ['maxCredentialCountInList 0', 7, 0],
    ['maxCredentialCountInList 2^40', 7, 2 ** 40],
    ['maxCredentialIdLength 2^40', 8, 2 ** 40],
    ['remainingDiscoverableCredentials 2^40', 20, 2 ** 40],
  ])('getInfo with %s: listed as an error (key_protocol), pinStatus refused', async (_label, member, value) => {
    const { keys } = service(answering(isGetInfo, ctap2Reply(CtapStatus.CTAP2_OK, getInfoMap([[member, value]]))));
    await expect(keys.list()).resolves.toEqual([expect.objectContaining({ state: 'error', problemCode: 'key_protocol', minPinLength: null, remainingDiscoverableCredentials: null })]);
    await expect(keys.pinStatus(path)).rejects.toMatchObject({ code: 'key_protocol', details: { ctap: 'ERR_MALFORMED_RESPONSE' } });
  });

  it.each([9, 2 ** 40])('PIN retries %d: listed as an error, pinStatus refused', async (retries) => {
    const { keys } = service(answering(isGetPinRetries, ctap2Reply(CtapStatus.CTAP2_OK, new Map([[3, retries]]))));
    await keys.setPin(path, PIN);
    await expect(keys.list()).resolves.toEqual([expect.objectContaining({ state: 'error', problemCode: 'key_protocol', pinRetries: null })]);
    await expect(keys.pinStatus(path)).rejects.toMatchObject({ code: 'key_protocol', details: { ctap: 'ERR_MALFORMED_RESPONSE' } });
  });

  it('the largest allowed values are accepted: 8 PIN retries, minPINLength 63', async () => {
    const { keys } = service(answering(isGetInfo, ctap2Reply(CtapStatus.CTAP2_OK, getInfoMap([[13, 63], [7, 1_000], [8, 1_023]]))));
    await expect(keys.list()).resolves.toEqual([expect.objectContaining({ state: 'ready', minPinLength: 63, pinRetries: 8 })]);
  });
});
