import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { VIRTUAL_AUTHENTICATOR_AAGUID } from '../../electron/core/fido/virtual/virtual-aaguid';
import { VirtualAuthenticator } from '../../electron/core/fido/virtual/virtual-authenticator';
import {
  startVirtualAuthenticatorServer,
  type VirtualAuthenticatorServer,
} from '../../electron/core/fido/virtual/virtual-authenticator-server';
import { peerCheck, pythonCan, runPeerScript, type PeerCheck } from './peer-harness';

const script = fileURLToPath(new URL('./python-fido2/drive_virtual_authenticator.py', import.meta.url));
const available = pythonCan('import fido2.hid.base, fido2.ctap2.pin, fido2.ctap2.credman');
const missing = 'python3-fido2 not installed';
const aaguidHex = VIRTUAL_AUTHENTICATOR_AAGUID.replaceAll('-', '');

describe('python-fido2 0.9.1 drives the virtual authenticator over the UDP socket backend', () => {
  let server: VirtualAuthenticatorServer | undefined;
  let results: Map<string, PeerCheck> | undefined;

  beforeAll(async () => {
    if (!available) return;
    server = await startVirtualAuthenticatorServer({ authenticator: new VirtualAuthenticator({ resetWindowMs: null }) });
    results = await runPeerScript(script, server.port);
  }, 110_000);

  afterAll(async () => {
    await server?.close();
  });

  const check = (name: string, title: string, assert: (c: PeerCheck) => void): void =>
    peerCheck(available, missing, () => results, name, title, assert);

  check('getInfo', 'getInfo parses under python-fido2 strict canonical CBOR with our AAGUID and options', (c) => {
    expect(c.versions).toEqual(expect.arrayContaining(['FIDO_2_0', 'FIDO_2_1']));
    expect(c.aaguid).toBe(aaguidHex);
    expect(c.options).toMatchObject({ rk: true, up: true, plat: false, clientPin: false, pinUvAuthToken: true, credMgmt: true, makeCredUvNotRqd: false });
    expect(c.maxMsgSize).toBe(1200);
    expect(c.pinUvAuthProtocols).toEqual([2, 1]);
    expect(c.minPinLength).toBe(4);
    expect(c.remainingDiscoverableCredentials).toBe(25);
    expect(c.algorithms).toEqual([{ alg: -7, type: 'public-key' }]);
    expect(c.extensions).toContain('credProtect');
    // CTAPHID INIT capabilities: CBOR | WINK, no NMSG.
    expect(c.ctaphidCapabilities).toBe(0x05);
  });

  for (const protocol of [2, 1]) {
    const p = `protocol${protocol}`;
    check(`setPIN/${p}`, `setPIN with PIN protocol ${protocol} turns clientPin on with 8 retries`, (c) => {
      expect(c).toMatchObject({ clientPinOption: true, retries: 8, powerCycle: false });
    });
    check(`changePIN/${p}`, `changePIN with protocol ${protocol} refuses a wrong old PIN (one retry spent) and then retires the old PIN`, (c) => {
      expect(c).toMatchObject({ wrongOldPin: 'PIN_INVALID', retriesAfterWrong: 7, oldPinAfterChange: 'PIN_INVALID' });
    });
    check(`getRetries/${p}`, `getPINRetries with protocol ${protocol} reports the retries left after a mismatch`, (c) => {
      expect(c).toMatchObject({ retries: 7, powerCycle: false });
    });
    check(`pinToken/${p}`, `a pinUvAuthToken with permissions via protocol ${protocol} is 32 bytes and restores the retries`, (c) => {
      expect(c).toMatchObject({ tokenLength: 32, retries: 8 });
    });
    check(`makeCredential/${p}`, `makeCredential rk with UV over protocol ${protocol} verifies as packed self attestation in python-fido2`, (c) => {
      expect(c).toMatchObject({ fmt: 'packed', attestationType: 'SELF', x5c: 0, up: true, uv: true, aaguid: aaguidHex, alg: -7, rpIdHashOk: true });
      expect(c.extensions).toEqual({ credProtect: 2 });
      expect(c.credentialIdLength).toBeGreaterThanOrEqual(16);
    });
    check(`getAssertion/${p}`, `getAssertion over protocol ${protocol} finds the discoverable credential and its signature verifies; credProtect 2 hides it without UV`, (c) => {
      expect(c).toMatchObject({
        credProtect2WithoutUv: 'NO_CREDENTIALS',
        sameCredential: true,
        userIdMatches: true,
        userName: 'ada@peers.kiosk.example',
        signatureVerified: true,
        up: true,
        uv: true,
      });
      expect(c.signCount).toBeGreaterThan(1);
    });
    check(`credentialMetadata/${p}`, `credential management over protocol ${protocol} counts and enumerates the credential`, (c) => {
      expect(c).toMatchObject({ existing: 1, remaining: 24, rpIds: ['peers.kiosk.example'], credProtect: [2] });
    });
    check(`reset/${p}`, `reset after protocol ${protocol} clears PIN and credentials`, (c) => {
      expect(c).toMatchObject({ clientPinOption: false, remainingDiscoverableCredentials: 25 });
    });
  }
});
