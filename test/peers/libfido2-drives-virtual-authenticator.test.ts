import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { PinProtocolVersion } from '../../electron/core/fido/pin/pin-protocol';
import { VIRTUAL_AUTHENTICATOR_AAGUID } from '../../electron/core/fido/virtual/virtual-aaguid';
import { VirtualAuthenticator } from '../../electron/core/fido/virtual/virtual-authenticator';
import {
  startVirtualAuthenticatorServer,
  type VirtualAuthenticatorServer,
} from '../../electron/core/fido/virtual/virtual-authenticator-server';
import { peerCheck, pythonCan, runPeerScript, type PeerCheck } from './peer-harness';

const script = fileURLToPath(new URL('./libfido2/drive_virtual_authenticator.py', import.meta.url));
const available = pythonCan("import ctypes; ctypes.CDLL('libfido2.so.1').fido_dev_set_io_functions");
const missing = 'libfido2 not installed';
const aaguidHex = VIRTUAL_AUTHENTICATOR_AAGUID.replaceAll('-', '');

/**
 * libfido2 always uses the best protocol a key offers, so the run is repeated against a key
 * offering [2, 1] and one offering only [1]; the wire record shows which one it really used.
 */
for (const offered of [[2, 1], [1]] as PinProtocolVersion[][]) {
  const used = offered[0];
  describe(`libfido2 (ctypes, fido_dev_set_io_functions) drives the virtual authenticator offering PIN protocols [${offered.join(', ')}]`, () => {
    let server: VirtualAuthenticatorServer | undefined;
    let results: Map<string, PeerCheck> | undefined;

    beforeAll(async () => {
      if (!available) return;
      const authenticator = new VirtualAuthenticator({ resetWindowMs: null, pinUvAuthProtocols: offered });
      server = await startVirtualAuthenticatorServer({ authenticator });
      results = await runPeerScript(script, server.port);
    }, 110_000);

    afterAll(async () => {
      await server?.close();
    });

    const check = (name: string, title: string, assert: (c: PeerCheck) => void): void =>
      peerCheck(available, missing, () => results, name, title, assert);

    check('getInfo', 'fido_dev_open + fido_dev_get_cbor_info read our getInfo', (c) => {
      expect(c.fido2).toBe(true);
      expect(c.versions).toEqual(expect.arrayContaining(['FIDO_2_0', 'FIDO_2_1']));
      expect(c.aaguid).toBe(aaguidHex);
      expect(c.options).toMatchObject({ rk: true, up: true, plat: false, clientPin: false, pinUvAuthToken: true, credMgmt: true });
      expect(c.maxMsgSize).toBe(1200);
      expect(c.pinUvAuthProtocols).toEqual(offered);
      expect(c.minPinLength).toBe(4);
      expect(c.algorithms).toEqual([-7]);
      expect(c.extensions).toContain('credProtect');
    });
    check('setPIN', 'fido_dev_set_pin sets a PIN that getInfo then reports', (c) => {
      expect(c).toMatchObject({ hasPin: true, retries: 8 });
    });
    check('changePIN', 'fido_dev_set_pin with an old PIN changes it; a wrong old PIN is PIN_INVALID and costs one retry', (c) => {
      expect(c).toMatchObject({ wrongOldPin: 'FIDO_ERR_PIN_INVALID', retriesAfterWrong: 7, retries: 8 });
    });
    check('getRetries', 'fido_dev_get_retry_count reads 8 retries after a correct PIN', (c) => {
      expect(c.retries).toBe(8);
    });
    check('makeCredential', 'fido_dev_make_cred rk + UV (PIN) + credProtect 3 passes fido_cred_verify_self', (c) => {
      expect(c).toMatchObject({ fmt: 'packed', selfAttestationVerified: true, x5c: 0, up: true, uv: true, credProtect: 3, aaguid: aaguidHex });
    });
    check('getAssertion', 'fido_dev_get_assert with PIN finds the discoverable credential and fido_assert_verify accepts it; without PIN credProtect 3 hides it', (c) => {
      expect(c).toMatchObject({ credProtect3WithoutPin: 'FIDO_ERR_NO_CREDENTIALS', count: 1, signatureVerified: true, up: true, uv: true, userIdMatches: true });
      expect(c.signCount).toBeGreaterThan(1);
    });
    check('credentialMetadata', 'fido_credman_get_dev_metadata (preview command 0x41) counts one credential', (c) => {
      expect(c).toMatchObject({ existing: 1, remaining: 24 });
    });
    check('reset', 'fido_dev_reset clears the PIN', (c) => {
      expect(c.hasPin).toBe(false);
    });
    check('wire', `libfido2 wrote 65-byte reports with report id 0 and used PIN protocol ${used} for key agreement, PIN and token`, (c) => {
      expect(c.writeLengths).toEqual([65]);
      expect(c.reportIds).toEqual([0]);
      const protocols = c.pinProtocols as string[];
      for (const sub of [2, 3, 4, 9]) expect(protocols).toContain(`subCommand${sub}/protocol${used}`);
      // libfido2 1.12 sends getPINRetries with protocol 1 whatever the key offers.
      expect(protocols).toContain('subCommand1/protocol1');
    });
  });
}
