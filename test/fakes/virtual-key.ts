import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { afterAll } from 'vitest';
import { createSocketBackend } from '../../electron/core/fido/hid/socket-backend';
import { AaguidCatalog } from '../../electron/core/fido/keys/aaguid-catalog';
import { KeyService } from '../../electron/core/fido/keys/key-service';
import type { RegistrationOptionsJSON } from '../../electron/core/fido/keys/registration-plan';
import { claimableRpId } from '../../electron/core/fido/keys/rp-id-check';
import { startVirtualAuthenticatorServer, type VirtualAuthenticatorServer } from '../../electron/core/fido/virtual';
import type { KeyRegistrationStart } from '../../electron/core/idp/idp-connector';

/**
 * The backup key of the IdP tests: the real virtual authenticator behind its UDP server on
 * 127.0.0.1, reached through the socket HID backend and the real KeyService (CTAPHID, CTAP2,
 * PIN protocol, clientDataJSON with the IdP's origin). No part of the authenticator is mocked.
 */
const PIN = '482915';

let running: Promise<{ server: VirtualAuthenticatorServer; keys: KeyService; path: string }> | null = null;

function virtualKey() {
  running ??= (async () => {
    const server = await startVirtualAuthenticatorServer();
    const keys = new KeyService({ backend: createSocketBackend({ port: server.port }), catalog: AaguidCatalog.curated(), kioskMinPinLength: 6 });
    const [device] = await keys.list();
    if (!device) throw new Error('the virtual authenticator did not show up on the socket backend');
    await keys.setPin(device.path, PIN);
    return { server, keys, path: device.path };
  })();
  return running;
}

afterAll(async () => {
  if (!running) return;
  const { server } = await running;
  running = null;
  await server.close();
});

/** makeCredential on the IdP's behalf with the options and origin the connector returned. */
export async function registerWithVirtualKey(start: Pick<KeyRegistrationStart, 'options' | 'origin'>): Promise<RegistrationResponseJSON> {
  const { keys, path } = await virtualKey();
  return keys.registerOnBehalf({ path, options: asSeenFrom(start.origin, start.options as RegistrationOptionsJSON), origin: start.origin, pin: PIN });
}

/**
 * Tests that the IdP refuses a credential made for another origin pass that origin here. A
 * browser (and KeyService) refuses an RP ID that origin cannot claim, so such a credential is
 * made for the origin's own host, as a browser on that other site would make it.
 */
function asSeenFrom(origin: string, options: RegistrationOptionsJSON): RegistrationOptionsJSON {
  try {
    claimableRpId(origin, options.rp.id);
    return options;
  } catch {
    return { ...options, rp: { ...options.rp, id: new URL(origin).hostname } };
  }
}
