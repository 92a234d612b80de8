import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../electron/core/config/schema';
import type { HidBackend } from '../../electron/core/fido/hid/hid-connection';
import { createSocketBackend } from '../../electron/core/fido/hid/socket-backend';
import { AaguidCatalog } from '../../electron/core/fido/keys/aaguid-catalog';
import { KeyService, type KeyProgress, type KeySummary } from '../../electron/core/fido/keys/key-service';
import {
  startVirtualAuthenticatorServer,
  VirtualAuthenticator,
  type VirtualAuthenticatorInit,
  type VirtualAuthenticatorServer,
} from '../../electron/core/fido/virtual';
import { creationOptions } from './helpers/creation-options';

const PIN = '583920';
const MODEL = 'Enrollment Kiosk virtual key (training)';

let servers: VirtualAuthenticatorServer[] = [];
let core: Core | null = null;
let dir: string | null = null;
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  await core?.close();
  core = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** KeyService over the UDP socket backend to a fresh virtual authenticator; `wrap` may slow the backend down. */
async function setup(init: VirtualAuthenticatorInit = {}, service: { listWaitMs?: number; wrap?: (backend: HidBackend) => HidBackend } = {}) {
  const server = await startVirtualAuthenticatorServer({ authenticator: new VirtualAuthenticator({ resetWindowMs: null, ...init }) });
  servers.push(server);
  const progress: KeyProgress[] = [];
  const socket = createSocketBackend({ port: server.port });
  const keys = new KeyService({
    backend: service.wrap ? service.wrap(socket) : socket,
    catalog: AaguidCatalog.curated(),
    kioskMinPinLength: 6,
    onProgress: (p) => progress.push(p),
    ...(service.listWaitMs === undefined ? {} : { listWaitMs: service.listWaitMs }),
  });
  const [key] = await keys.list();
  if (!key) throw new Error('the virtual authenticator is not listed');
  return { keys, path: key.path, progress };
}


const ready = (path: string) => ({ path, state: 'ready', model: MODEL, pinState: 'set', pinRetries: 8 });

describe('listing keys while the key answers another query (the kiosk must not call its own query "busy")', () => {
  it('two concurrent lists both return the model name and PIN state', async () => {
    const { keys, path } = await setup();
    await keys.setPin(path, PIN);
    const [first, second] = await Promise.all([keys.list(), keys.list()]);
    expect(first).toMatchObject([ready(path)]);
    expect(second).toMatchObject([ready(path)]);
  });

  it('a list behind a running PIN-status query waits for it and reports the key ready', async () => {
    const { keys, path } = await setup();
    await keys.setPin(path, PIN);
    const [status, listed] = await Promise.all([keys.pinStatus(path), keys.list()]);
    expect(status).toMatchObject({ pinState: 'set', retries: 8 });
    expect(listed).toMatchObject([ready(path)]);
  });

  it('a list during a makeCredential that waits for a touch says busy without waiting for the touch, then ready after it', async () => {
    // The list may wait a minute for quick queries: it must still not wait for the touch.
    const { keys, path, progress } = await setup({ userPresence: { delayMs: 1_500 } }, { listWaitMs: 60_000 });
    await keys.setPin(path, PIN);
    let registered = false;
    const registration = keys.registerOnBehalf({ path, options: creationOptions({ attestation: 'none' }), origin: 'https://login.example.com', pin: PIN }).then((r) => {
      registered = true;
      return r;
    });
    for (let i = 0; i < 100 && !progress.some((p) => p.stage === 'touchNeeded'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(progress.some((p) => p.stage === 'touchNeeded')).toBe(true);
    const during = await keys.list();
    expect(registered).toBe(false);
    expect(during).toMatchObject([{ path, state: 'busy', model: null }]);
    await expect(registration).resolves.toMatchObject({ type: 'public-key' });
    await expect(keys.list()).resolves.toMatchObject([ready(path)]);
  });

  it('a list called while a registration is only queued (not yet at the touch) is busy too', async () => {
    const { keys, path } = await setup({}, { listWaitMs: 60_000 });
    await keys.setPin(path, PIN);
    const registration = keys.registerOnBehalf({ path, options: creationOptions({ attestation: 'none' }), origin: 'https://login.example.com', pin: PIN });
    const listed = await keys.list();
    expect(listed).toMatchObject([{ path, state: 'busy' }]);
    await expect(registration).resolves.toMatchObject({ type: 'public-key' });
  });

  it('the wait is bounded: a quick query stuck on the key makes the list say busy, and the abandoned read never opens the key', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let gated = false;
    let opens = 0;
    const wrap = (backend: HidBackend): HidBackend => ({
      kind: backend.kind,
      list: () => backend.list(),
      open: async (path) => {
        opens += 1;
        if (gated) await gate;
        return backend.open(path);
      },
    });
    const { keys, path } = await setup({}, { listWaitMs: 100, wrap });
    gated = true;
    const opensBefore = opens;
    const status = keys.pinStatus(path);
    let statusDone = false;
    void status.then(() => {
      statusDone = true;
    });
    const listed = await keys.list();
    expect(statusDone).toBe(false);
    expect(listed).toMatchObject([{ path, state: 'busy', model: null }]);
    release();
    await expect(status).resolves.toMatchObject({ pinState: 'notSet' });
    expect(opens - opensBefore).toBe(1);
    await expect(keys.list()).resolves.toMatchObject([{ path, state: 'ready', model: MODEL, pinState: 'notSet' }]);
  });

  it('through the contract: keys.list twice at once (the status screen and its key.attached reaction) names the model both times', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-keys-list-'));
    core = createCore({ config: kioskConfigSchema.parse({}), dataDir: dir, version: 'test' });
    const lists = await Promise.all([
      core.dispatch('keys.list', {}, { transport: 'test' }),
      core.dispatch('keys.list', {}, { transport: 'test' }),
    ]);
    for (const listed of lists) {
      expect(listed.ok).toBe(true);
      if (!listed.ok) continue;
      const keysListed = (listed.result as { keys: KeySummary[] }).keys;
      expect(keysListed).toHaveLength(1);
      expect(keysListed[0]).toMatchObject({ state: 'ready', model: MODEL, pinState: 'notSet' });
    }
  });
});
