import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ClientPin } from '../../electron/core/fido/ctap2/client-pin';
import { Ctap2Command } from '../../electron/core/fido/ctap2/ctap2-constants';
import { ctap2Call, decodeResponse } from '../../electron/core/fido/ctap2/ctap2-transport';
import { parseAssertion } from '../../electron/core/fido/ctap2/get-assertion';
import { aaguidToString, parseGetInfo } from '../../electron/core/fido/ctap2/get-info';
import { parseMakeCredentialResponse } from '../../electron/core/fido/ctap2/make-credential';
import { CtapHidCommand, CTAPHID_BROADCAST_CID } from '../../electron/core/fido/ctaphid/ctaphid-constants';
import { CtapHidDevice, type KeepaliveEvent } from '../../electron/core/fido/ctaphid/ctaphid-device';
import { MessageAssembler, packetChannel, type CtapHidMessage } from '../../electron/core/fido/ctaphid/ctaphid-packets';
import type { HidConnection } from '../../electron/core/fido/hid/hid-connection';
import { ctap2ToWebAuthnAttestation } from '../../electron/core/fido/keys/attestation-translation';
import * as wire from './fixtures/libfido2-wiredata';

/**
 * Replays libfido2's recorded reports as the key's side. Like libfido2's own regress harness,
 * it copies our INIT nonce into the recorded INIT answer; every other byte is as recorded.
 */
function replay(answers: Uint8Array[][]): HidConnection & { requests: number } {
  const inbox: Uint8Array[] = [];
  const connection = {
    requests: 0,
    async write(report: Uint8Array) {
      if (packetChannel(report) === CTAPHID_BROADCAST_CID) {
        const init = new Uint8Array(wire.CTAP_INIT[0]!);
        init.set(report.subarray(7, 15), 7);
        inbox.push(init);
      } else if ((report[4]! & 0x80) !== 0) {
        inbox.push(...(answers[connection.requests++] ?? []));
      }
    },
    async read() {
      return inbox.shift() ?? null;
    },
    async close() {},
  };
  return connection;
}

function reassemble(cid: number, reports: Uint8Array[]): CtapHidMessage {
  const assembler = new MessageAssembler(cid);
  const messages = reports.map((r) => assembler.push(r)).filter((m): m is CtapHidMessage => m !== null);
  expect(messages).toHaveLength(1);
  return messages[0]!;
}

describe('libfido2 recorded wire frames through our CTAPHID reassembly and CTAP2 parsers', () => {
  it('INIT: the recorded answer (nonce, CID 0x00220002, version 5.2.1, WINK|CBOR) opens a channel', async () => {
    expect(Buffer.from(wire.CTAP_INIT[0]!.subarray(7, 15)).toString('hex')).toBe(wire.INIT_NONCE);
    const device = await CtapHidDevice.open(replay([]));
    expect(device.info).toEqual({ cid: wire.INIT_CID, protocolVersion: 2, deviceVersion: [5, 2, 1], capabilities: { wink: true, cbor: true, nmsg: false } });
  });

  it('getInfo after a KEEPALIVE: 185 bytes over 4 reports parse into the typed info', async () => {
    const device = await CtapHidDevice.open(replay([[...wire.CTAP_KEEPALIVE, ...wire.CTAP_CBOR_INFO]]));
    const keepalives: KeepaliveEvent[] = [];
    const info = parseGetInfo(await ctap2Call(device, Ctap2Command.getInfo, 'getInfo', undefined, { onKeepalive: (s) => keepalives.push(s) }));
    expect(keepalives).toEqual(['upNeeded']);
    expect(info.versions).toEqual(['U2F_V2', 'FIDO_2_0', 'FIDO_2_1_PRE']);
    expect(info.extensions).toEqual(['credProtect', 'hmac-secret']);
    expect(aaguidToString(info.aaguid)).toBe('1956e5bd-a374-45f1-a814-356403fdbc18');
    expect(info.options).toEqual({ rk: true, up: true, plat: false, clientPin: false, credentialMgmtPreview: true });
    expect(info).toMatchObject({ maxMsgSize: 1200, pinUvAuthProtocols: [1], maxCredentialCountInList: 8, maxCredentialIdLength: 128 });
    expect(info.algorithms).toEqual([{ alg: -7, type: 'public-key' }, { alg: -8, type: 'public-key' }]);
  });

  it('clientPIN: getKeyAgreement yields a point on P-256; getPINRetries yields 8; getPinToken carries 16 encrypted bytes', async () => {
    const device = await CtapHidDevice.open(replay([wire.CTAP_CBOR_AUTHKEY, wire.CTAP_CBOR_RETRIES]));
    const clientPin = new ClientPin(device, 1);
    const key = await clientPin.getKeyAgreement();
    const jwk = { kty: 'EC', crv: 'P-256', x: Buffer.from(key.x).toString('base64url'), y: Buffer.from(key.y).toString('base64url') };
    expect(() => createPublicKey({ key: jwk, format: 'jwk' })).not.toThrow();
    await expect(clientPin.getRetries()).resolves.toEqual({ retries: 8, powerCycleRequired: false });
    const token = decodeResponse(reassemble(wire.INIT_CID, wire.CTAP_CBOR_PINTOKEN).payload, 'clientPIN');
    expect((token.get(2) as Uint8Array).length).toBe(16);
    expect(decodeResponse(reassemble(wire.INIT_CID, wire.CTAP_CBOR_STATUS).payload, 'setPIN').size).toBe(0);
  });

  it('getAssertion: 203 bytes on CID 0x0092000e; RP ID hash of "localhost", signCount 9, a DER signature', () => {
    const message = reassemble(wire.CTAP_CBOR_ASSERT_CID, wire.CTAP_CBOR_ASSERT);
    expect(message.cmd).toBe(CtapHidCommand.CBOR);
    expect(message.payload.length).toBe(0xcb);
    const assertion = parseAssertion(decodeResponse(message.payload, 'getAssertion'));
    expect(assertion.credentialId?.length).toBe(64);
    expect(Buffer.from(assertion.parsedAuthData.rpIdHash)).toEqual(createHash('sha256').update('localhost').digest());
    expect(assertion.parsedAuthData.signCount).toBe(9);
    expect(assertion.signature[0]).toBe(0x30);
    expect(assertion.signature.length).toBe(71);
  });

  it('makeCredential: 993 bytes over 17 reports; packed attestation with a Yubico certificate; our WebAuthn translation keeps every byte', () => {
    const message = reassemble(wire.CTAP_CBOR_CRED_CID, wire.CTAP_CBOR_CRED);
    expect(message.payload.length).toBe(0x3e1);
    const map = decodeResponse(message.payload, 'makeCredential');
    const response = parseMakeCredentialResponse(map);
    expect(response.fmt).toBe('packed');
    expect(Buffer.from(response.parsedAuthData.rpIdHash)).toEqual(createHash('sha256').update('localhost').digest());
    const cred = response.parsedAuthData.attestedCredentialData!;
    expect(aaguidToString(cred.aaguid)).toBe('f8a011f3-8c0a-4d15-8006-17111f9edc7d');
    expect(cred.credentialId.length).toBe(64);
    expect(cred.publicKey.get(3)).toBe(-7);
    const x5c = response.attStmt.get('x5c') as Uint8Array[];
    const certificate = new X509Certificate(x5c[0]!);
    expect(certificate.subject).toContain('CN=Yubico U2F EE Serial 1213939126');
    expect(certificate.issuer).toContain('CN=Yubico FIDO Preview CA');
    const webauthn = decodeResponse(new Uint8Array([0, ...ctap2ToWebAuthnAttestation(map, 'direct').attestationObject]), 'translated');
    expect(webauthn.get('fmt')).toBe('packed');
    expect(webauthn.get('authData')).toEqual(response.authData);
    expect(webauthn.get('attStmt')).toEqual(response.attStmt);
  });

  it('credentialManagement getCredsMetadata: 0 stored, 25 free', () => {
    const map = decodeResponse(reassemble(wire.CTAP_CBOR_CREDMAN_META_CID, wire.CTAP_CBOR_CREDMAN_META).payload, 'credentialManagement');
    expect([...map.entries()]).toEqual([[1, 0], [2, 25]]);
  });
});
