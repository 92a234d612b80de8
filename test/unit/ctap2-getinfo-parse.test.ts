import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../../electron/core/fido/cbor/cbor';
import { decodeResponse } from '../../electron/core/fido/ctap2/ctap2-transport';
import { aaguidToString, parseGetInfo, pinState, preferredPinProtocol } from '../../electron/core/fido/ctap2/get-info';
import { parseAssertion } from '../../electron/core/fido/ctap2/get-assertion';
import { parseMakeCredentialResponse } from '../../electron/core/fido/ctap2/make-credential';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const ok = (cbor: Uint8Array) => new Uint8Array([0, ...cbor]);

/** Responses recorded in python-fido2's test suite (test/test_ctap2.py: _INFO, _MC_RESP, _GA_RESP). */
const INFO = hex('a60182665532465f5632684649444f5f325f3002826375766d6b686d61632d7365637265740350f8a011f38c0a4d15800617111f9edc7d04a462726bf5627570f564706c6174f469636c69656e7450696ef4051904b0068101');
const MC_RESP = hex('a301667061636b6564025900c40021f5fc0b85cd22e60623bcd7d1ca48948909249b4776eb515154e57b66ae12410000001cf8a011f38c0a4d15800617111f9edc7d0040fe3aac036d14c1e1c65518b698dd1da8f596bc33e11072813466c6bf3845691509b80fb76d59309b8d39e0a93452688f6ca3a39a76f3fc52744fb73948b15783a5010203262001215820643566c206dd00227005fa5de69320616ca268043a38f08bde2e9dc45a5cafaf225820171353b2932434703726aae579fa6542432861fe591e481ea22d63997e1a529003a363616c67266373696758483046022100cc1ef43edf07de8f208c21619c78a565ddcf4150766ad58781193be8e0a742ed022100f1ed7c7243e45b7d8e5bda6b1abf10af7391789d1ef21b70bd69fed48dba4cb163783563815901973082019330820138a003020102020900859b726cb24b4c29300a06082a8648ce3d0403023047310b300906035504061302555331143012060355040a0c0b59756269636f205465737431223020060355040b0c1941757468656e74696361746f72204174746573746174696f6e301e170d3136313230343131353530305a170d3236313230323131353530305a3047310b300906035504061302555331143012060355040a0c0b59756269636f205465737431223020060355040b0c1941757468656e74696361746f72204174746573746174696f6e3059301306072a8648ce3d020106082a8648ce3d03010703420004ad11eb0e8852e53ad5dfed86b41e6134a18ec4e1af8f221a3c7d6e636c80ea13c3d504ff2e76211bb44525b196c44cb4849979cf6f896ecd2bb860de1bf4376ba30d300b30090603551d1304023000300a06082a8648ce3d0403020349003046022100e9a39f1b03197525f7373e10ce77e78021731b94d0c03f3fda1fd22db3d030e7022100c4faec3445a820cf43129cdb00aabefd9ae2d874f9c5d343cb2f113da23723f3');
const GA_RESP = hex('a301a26269645840fe3aac036d14c1e1c65518b698dd1da8f596bc33e11072813466c6bf3845691509b80fb76d59309b8d39e0a93452688f6ca3a39a76f3fc52744fb73948b1578364747970656a7075626c69632d6b6579025900250021f5fc0b85cd22e60623bcd7d1ca48948909249b4776eb515154e57b66ae12010000001d035846304402206765cbf6e871d3af7f01ae96f06b13c90f26f54b905c5166a2c791274fc2397102200b143893586cc799fba4da83b119eaea1bd80ac3ce88fcedb3efbd596a1f4f63');
const CRED_ID = 'fe3aac036d14c1e1c65518b698dd1da8f596bc33e11072813466c6bf3845691509b80fb76d59309b8d39e0a93452688f6ca3a39a76f3fc52744fb73948b15783';

describe('getInfo parsing', () => {
  it('parses a recorded CTAP 2.0 getInfo into the typed object with defaults for absent members', () => {
    const info = parseGetInfo(decodeResponse(ok(INFO), 'getInfo'));
    expect(info.versions).toEqual(['U2F_V2', 'FIDO_2_0']);
    expect(info.extensions).toEqual(['uvm', 'hmac-secret']);
    expect(aaguidToString(info.aaguid)).toBe('f8a011f3-8c0a-4d15-8006-17111f9edc7d');
    expect(info.options).toEqual({ rk: true, up: true, plat: false, clientPin: false });
    expect(info.maxMsgSize).toBe(1200);
    expect(info.pinUvAuthProtocols).toEqual([1]);
    expect(info.minPINLength).toBe(4);
    expect(info.forcePINChange).toBe(false);
    expect(info.remainingDiscoverableCredentials).toBeNull();
    expect(pinState(info)).toBe('notSet');
    expect(preferredPinProtocol(info)).toBe(1);
  });

  it('parses the CTAP 2.1 members: algorithms, minPINLength, firmwareVersion, remaining credentials, forcePINChange', () => {
    const map = new Map<number, unknown>([
      [1, ['FIDO_2_0', 'FIDO_2_1']],
      [2, ['credProtect', 'hmac-secret']],
      [3, new Uint8Array(16).fill(0xab)],
      [4, new Map<string, boolean>([['rk', true], ['clientPin', true], ['pinUvAuthToken', true], ['credMgmt', true], ['ep', false]])],
      [5, 1200],
      [6, [2, 1]],
      [7, 8],
      [8, 128],
      [9, ['usb']],
      [10, [new Map<string, unknown>([['alg', -7], ['type', 'public-key']])]],
      [12, true],
      [13, 6],
      [14, 0x050402],
      [20, 25],
      [99, 'a future member'],
    ]);
    const info = parseGetInfo(decodeResponse(ok(encodeCbor(map)), 'getInfo'));
    expect(info).toMatchObject({
      versions: ['FIDO_2_0', 'FIDO_2_1'],
      pinUvAuthProtocols: [2, 1],
      maxCredentialCountInList: 8,
      maxCredentialIdLength: 128,
      transports: ['usb'],
      algorithms: [{ alg: -7, type: 'public-key' }],
      forcePINChange: true,
      minPINLength: 6,
      firmwareVersion: 0x050402,
      remainingDiscoverableCredentials: 25,
    });
    expect(pinState(info)).toBe('set');
    expect(preferredPinProtocol(info)).toBe(2);
  });

  it.each([
    ['a missing versions list', new Map<number, unknown>([[3, new Uint8Array(16)]])],
    ['a 15-byte AAGUID', new Map<number, unknown>([[1, ['FIDO_2_0']], [3, new Uint8Array(15)]])],
    ['options that are not a text-keyed map', new Map<number, unknown>([[1, ['FIDO_2_0']], [3, new Uint8Array(16)], [4, [true]]])],
    ['a text top-level key', new Map<unknown, unknown>([['versions', ['FIDO_2_0']]])],
  ])('refuses %s with ERR_MALFORMED_RESPONSE', (_label, map) => {
    expect(() => parseGetInfo(decodeResponse(ok(encodeCbor(map)), 'getInfo'))).toThrowError(expect.objectContaining({ name: 'ERR_MALFORMED_RESPONSE' }));
  });

  it('turns a status byte into a CtapError named after it, and garbage into ERR_MALFORMED_RESPONSE', () => {
    expect(() => decodeResponse(Uint8Array.of(0x31), 'clientPIN')).toThrowError(expect.objectContaining({ name: 'CTAP2_ERR_PIN_INVALID', status: 0x31 }));
    expect(() => decodeResponse(Uint8Array.of(0, 0xff, 0x00), 'getInfo')).toThrowError(expect.objectContaining({ name: 'ERR_MALFORMED_RESPONSE' }));
    expect(() => decodeResponse(Uint8Array.of(0, 0x01), 'getInfo')).toThrowError(expect.objectContaining({ name: 'ERR_MALFORMED_RESPONSE' }));
  });
});

describe('makeCredential and getAssertion response parsing (python-fido2 recorded responses)', () => {
  it('parses the packed attestation response and its attested credential', () => {
    const response = parseMakeCredentialResponse(decodeResponse(ok(MC_RESP), 'makeCredential'));
    expect(response.fmt).toBe('packed');
    expect([...response.attStmt.keys()].sort()).toEqual(['alg', 'sig', 'x5c']);
    expect(response.parsedAuthData.flags).toBe(0x41);
    expect(response.parsedAuthData.signCount).toBe(28);
    const cred = response.parsedAuthData.attestedCredentialData!;
    expect(Buffer.from(cred.credentialId).toString('hex')).toBe(CRED_ID);
    expect(cred.publicKey.get(3)).toBe(-7);
    expect(Buffer.from(cred.publicKey.get(-2) as Uint8Array).toString('hex')).toBe('643566c206dd00227005fa5de69320616ca268043a38f08bde2e9dc45a5cafaf');
  });

  it('parses the assertion: credential, authData counter 29, signature, no user', () => {
    const assertion = parseAssertion(decodeResponse(ok(GA_RESP), 'getAssertion'));
    expect(Buffer.from(assertion.credentialId!).toString('hex')).toBe(CRED_ID);
    expect(assertion.parsedAuthData.signCount).toBe(29);
    expect(assertion.parsedAuthData.flags).toBe(0x01);
    expect(assertion.signature.length).toBe(70);
    expect(assertion.user).toBeNull();
    expect(assertion.numberOfCredentials).toBeNull();
  });

  it('refuses authenticatorData truncated inside the credential public key', () => {
    const map = decodeResponse(ok(MC_RESP), 'makeCredential');
    map.set(2, (map.get(2) as Uint8Array).subarray(0, 150));
    expect(() => parseMakeCredentialResponse(map)).toThrowError(expect.objectContaining({ name: 'ERR_MALFORMED_RESPONSE' }));
  });
});
