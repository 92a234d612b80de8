import { afterEach, describe, expect, it } from 'vitest';
import { Ctap2Command } from '../../electron/core/fido/ctap2/ctap2-constants';
import { createSocketBackend } from '../../electron/core/fido/hid/socket-backend';
import { AaguidCatalog } from '../../electron/core/fido/keys/aaguid-catalog';
import { KeyService, type KeyProgress } from '../../electron/core/fido/keys/key-service';
import { startVirtualAuthenticatorServer, VirtualAuthenticator, type VirtualAuthenticatorInit, type VirtualAuthenticatorServer } from '../../electron/core/fido/virtual';
import { creationOptions } from './helpers/creation-options';

/**
 * During a registration the attendee waits on "touch your key" for as long as the IdP's
 * timeout allows (two minutes here) only while the key keeps saying it waits: a key that goes
 * silent, with neither its answer nor a KEEPALIVE, is "not answering" once it has been silent
 * for the kiosk's silence limit (400 ms here, 5 s in the kiosk). Were it not, these
 * registrations would wait out the two minutes and fail the test's own timeout.
 */
const PIN = '583920';
const SILENCE_MS = 400;

let servers: VirtualAuthenticatorServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function keyWithPin(init: VirtualAuthenticatorInit) {
  const authenticator = new VirtualAuthenticator({ resetWindowMs: null, ...init });
  const server = await startVirtualAuthenticatorServer({ authenticator });
  servers.push(server);
  const progress: KeyProgress[] = [];
  const keys = new KeyService({
    backend: createSocketBackend({ port: server.port }),
    catalog: AaguidCatalog.curated(),
    kioskMinPinLength: 6,
    hid: { silenceMs: SILENCE_MS },
    onProgress: (p) => progress.push(p),
  });
  const [key] = await keys.list();
  if (!key) throw new Error('the virtual authenticator is not listed');
  await keys.setPin(key.path, PIN);
  return { authenticator, keys, path: key.path, progress };
}


// The two-minute timeout most IdPs send.
const register = (keys: KeyService, path: string) => keys.registerOnBehalf({ path, options: creationOptions({ timeout: 120_000, attestation: 'direct' }), origin: 'https://login.example.com', pin: PIN });

describe('a key that goes silent during registration is "not answering", not a touch that never came', () => {
  it('silent from the moment makeCredential arrives: key_not_answering', async () => {
    const { authenticator, keys, path } = await keyWithPin({ userPresence: 'timeout', userPresenceTimeoutMs: 120_000 });
    authenticator.injectFault({ kind: 'silent', command: Ctap2Command.makeCredential });
    await expect(register(keys, path)).rejects.toMatchObject({ code: 'key_not_answering', details: { ctaphid: 'ERR_SILENT' } });
  });

  it('silent mid-makeCredential, after it asked for a touch: still key_not_answering, and the screen had said "touch your key"', async () => {
    const { authenticator, keys, path, progress } = await keyWithPin({ userPresence: 'timeout', userPresenceTimeoutMs: 120_000 });
    authenticator.injectFault({ kind: 'silent', command: Ctap2Command.makeCredential, afterMs: 300 });
    await expect(register(keys, path)).rejects.toMatchObject({ code: 'key_not_answering', details: { ctaphid: 'ERR_SILENT' } });
    expect(progress.map((p) => p.stage)).toEqual(['touchNeeded', 'done']);
  });

  it('a key that keeps sending KEEPALIVEs while it waits for a touch keeps the long timeout: touched after several silence limits, it registers', async () => {
    const { keys, path, progress } = await keyWithPin({ userPresence: { delayMs: SILENCE_MS * 4 } });
    const response = await register(keys, path);
    expect(response.type).toBe('public-key');
    expect(progress.map((p) => p.stage)).toEqual(['touchNeeded', 'done']);
  });

  it('the key is usable again afterwards: the next registration on it works', async () => {
    const { authenticator, keys, path } = await keyWithPin({ userPresence: 'immediate' });
    authenticator.injectFault({ kind: 'silent', command: Ctap2Command.makeCredential });
    await expect(register(keys, path)).rejects.toMatchObject({ code: 'key_not_answering' });
    await expect(register(keys, path)).resolves.toMatchObject({ type: 'public-key' });
  });
});
