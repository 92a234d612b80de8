import { describe, expect, it } from 'vitest';
import { decodeCbor } from '../../electron/core/fido/cbor/cbor';
import { parseAuthenticatorData } from '../../electron/core/fido/ctap2/authenticator-data';
import { decodeResponse } from '../../electron/core/fido/ctap2/ctap2-transport';
import { toRegistrationResponse } from '../../electron/core/fido/keys/registration-plan';

/** python-fido2's recorded makeCredential answer (test/test_ctap2.py _MC_RESP): packed with an x5c chain. */
const MC_RESP = new Uint8Array(Buffer.from('a301667061636b6564025900c40021f5fc0b85cd22e60623bcd7d1ca48948909249b4776eb515154e57b66ae12410000001cf8a011f38c0a4d15800617111f9edc7d0040fe3aac036d14c1e1c65518b698dd1da8f596bc33e11072813466c6bf3845691509b80fb76d59309b8d39e0a93452688f6ca3a39a76f3fc52744fb73948b15783a5010203262001215820643566c206dd00227005fa5de69320616ca268043a38f08bde2e9dc45a5cafaf225820171353b2932434703726aae579fa6542432861fe591e481ea22d63997e1a529003a363616c67266373696758483046022100cc1ef43edf07de8f208c21619c78a565ddcf4150766ad58781193be8e0a742ed022100f1ed7c7243e45b7d8e5bda6b1abf10af7391789d1ef21b70bd69fed48dba4cb163783563815901973082019330820138a003020102020900859b726cb24b4c29300a06082a8648ce3d0403023047310b300906035504061302555331143012060355040a0c0b59756269636f205465737431223020060355040b0c1941757468656e74696361746f72204174746573746174696f6e301e170d3136313230343131353530305a170d3236313230323131353530305a3047310b300906035504061302555331143012060355040a0c0b59756269636f205465737431223020060355040b0c1941757468656e74696361746f72204174746573746174696f6e3059301306072a8648ce3d020106082a8648ce3d03010703420004ad11eb0e8852e53ad5dfed86b41e6134a18ec4e1af8f221a3c7d6e636c80ea13c3d504ff2e76211bb44525b196c44cb4849979cf6f896ecd2bb860de1bf4376ba30d300b30090603551d1304023000300a06082a8648ce3d0403020349003046022100e9a39f1b03197525f7373e10ce77e78021731b94d0c03f3fda1fd22db3d030e7022100c4faec3445a820cf43129cdb00aabefd9ae2d874f9c5d343cb2f113da23723f3', 'hex'));
const KEY_AAGUID = 'f8a011f3-8c0a-4d15-8006-17111f9edc7d';

function translated(attestation: 'none' | 'direct') {
  const map = decodeResponse(new Uint8Array([0, ...MC_RESP]), 'makeCredential');
  const outcome = toRegistrationResponse(map, new TextEncoder().encode('{}'), null, attestation);
  const object = decodeCbor(new Uint8Array(Buffer.from(outcome.response.response.attestationObject, 'base64url'))) as Map<string, unknown>;
  return { outcome, object, authData: object.get('authData') as Uint8Array, original: map.get(2) as Uint8Array };
}

describe('attestation "none": the client replaces the key\'s attestation as a browser does', () => {
  it('fmt none, empty attStmt, zero AAGUID in authData; the rest of authData unchanged', () => {
    const { object, authData, original } = translated('none');
    expect(object.get('fmt')).toBe('none');
    expect(object.get('attStmt')).toEqual(new Map());
    expect(parseAuthenticatorData(authData).attestedCredentialData?.aaguid).toEqual(new Uint8Array(16));
    expect(Buffer.from(authData.subarray(0, 37))).toEqual(Buffer.from(original.subarray(0, 37)));
    expect(Buffer.from(authData.subarray(53))).toEqual(Buffer.from(original.subarray(53)));
  });

  it('the response\'s authenticatorData matches the one in the attestation object; the key\'s real AAGUID stays with the kiosk', () => {
    const { outcome, authData } = translated('none');
    expect(Buffer.from(outcome.response.response.authenticatorData!, 'base64url')).toEqual(Buffer.from(authData));
    expect(outcome.aaguid).toBe(KEY_AAGUID);
  });

  it('attestation "direct" passes the packed statement and the AAGUID on untouched', () => {
    const { outcome, object, authData, original } = translated('direct');
    expect(object.get('fmt')).toBe('packed');
    expect((object.get('attStmt') as Map<string, unknown>).has('x5c')).toBe(true);
    expect(Buffer.from(authData)).toEqual(Buffer.from(original));
    expect(outcome.aaguid).toBe(KEY_AAGUID);
  });
});
