import { afterEach, describe, expect, it } from 'vitest';
import { Ctap2Command, CtapStatus } from '../../electron/core/fido/ctap2/ctap2-constants';
import { CtapHidCommand } from '../../electron/core/fido/ctaphid/ctaphid-constants';
import type { HidConnection } from '../../electron/core/fido/hid/hid-connection';
import { createSocketBackend, VIRTUAL_PRODUCT_NAME } from '../../electron/core/fido/hid/socket-backend';
import { VirtualAuthenticator } from '../../electron/core/fido/virtual/virtual-authenticator';
import { startVirtualAuthenticatorServer, type VirtualAuthenticatorServer } from '../../electron/core/fido/virtual/virtual-authenticator-server';
import { cbor, cidOf, init, readMessage, sendMessage } from './virtual-authenticator-raw-client';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function connect(key = new VirtualAuthenticator()): HidConnection {
  const connection = key.connect();
  cleanups.push(() => connection.close());
  return connection;
}

async function server(key = new VirtualAuthenticator()): Promise<VirtualAuthenticatorServer> {
  const started = await startVirtualAuthenticatorServer({ authenticator: key });
  cleanups.push(() => started.close());
  return started;
}

describe('virtual authenticator fault injection', () => {
  it('garbage frames on foreign channels precede the reply, which still arrives intact', async () => {
    const key = new VirtualAuthenticator();
    const connection = connect(key);
    const cid = await init(connection);
    key.injectFault({ kind: 'garbage', frames: 4 });
    await sendMessage(connection, cid, CtapHidCommand.PING, new Uint8Array([1, 2, 3]));
    const reply = await readMessage(connection, cid);
    expect(reply.foreign).toBe(4);
    expect(Array.from(reply.data)).toEqual([1, 2, 3]);
  });

  it('a reply copied onto the wrong channel comes first; a host that filters by channel still gets the right one', async () => {
    const key = new VirtualAuthenticator();
    const connection = connect(key);
    const cid = await init(connection);
    key.injectFault({ kind: 'wrong-channel' });
    await sendMessage(connection, cid, CtapHidCommand.CBOR, new Uint8Array([Ctap2Command.getInfo]));
    const first = await connection.read(1000);
    expect(first && cidOf(first)).not.toBe(cid);
    const reply = await readMessage(connection, cid);
    expect(reply.data[0]).toBe(CtapStatus.CTAP2_OK);
  });

  it('a dropped continuation packet shows up as a sequence gap in the next multi-packet reply', async () => {
    const key = new VirtualAuthenticator();
    const connection = connect(key);
    const cid = await init(connection);
    key.injectFault({ kind: 'drop-continuation' });
    await sendMessage(connection, cid, CtapHidCommand.CBOR, new Uint8Array([Ctap2Command.getInfo]));
    await expect(readMessage(connection, cid)).rejects.toThrow('sequence gap: expected 0, got 1');
  });

  it('a forced CTAP error answers the next command once, then the key behaves again', async () => {
    const key = new VirtualAuthenticator();
    const connection = connect(key);
    const cid = await init(connection);
    key.injectFault({ kind: 'ctap-error', status: CtapStatus.CTAP2_ERR_PIN_AUTH_BLOCKED });
    expect((await cbor(connection, cid, Ctap2Command.getInfo)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_BLOCKED);
    expect((await cbor(connection, cid, Ctap2Command.getInfo)).status).toBe(CtapStatus.CTAP2_OK);
  });
});

describe('loopback socket backend to the virtual authenticator server', () => {
  it('lists one TRAINING device while the server runs and none after it stops', async () => {
    const started = await startVirtualAuthenticatorServer();
    const backend = createSocketBackend({ port: started.port });
    expect(backend.kind).toBe('virtual');
    const devices = await backend.list();
    expect(devices).toEqual([
      expect.objectContaining({ path: `virtual:127.0.0.1:${started.port}`, product: VIRTUAL_PRODUCT_NAME }),
    ]);
    await started.close();
    expect(await backend.list()).toEqual([]);
  });

  it('carries CTAPHID and CTAP2 over UDP datagrams, one 64-byte report each, with read timeouts', async () => {
    const started = await server();
    const backend = createSocketBackend({ port: started.port });
    const [device] = await backend.list();
    const connection = await backend.open(device?.path ?? '');
    cleanups.push(() => connection.close());
    expect(await connection.read(30)).toBeNull();
    const cid = await init(connection);
    const info = await cbor(connection, cid, Ctap2Command.getInfo);
    expect(info.status).toBe(CtapStatus.CTAP2_OK);
    expect(info.body?.get(5)).toBe(1200);
    await expect(connection.write(new Uint8Array(65))).rejects.toThrow('64 bytes');
    await expect(backend.open('virtual:127.0.0.1:1')).rejects.toThrow('no virtual authenticator');
  });

  it('serves two UDP clients on separate channels and replies to each sender only', async () => {
    const started = await server();
    const backend = createSocketBackend({ port: started.port });
    const path = `virtual:127.0.0.1:${started.port}`;
    const a = await backend.open(path);
    const b = await backend.open(path);
    cleanups.push(() => a.close(), () => b.close());
    const cidA = await init(a);
    const cidB = await init(b);
    await sendMessage(a, cidA, CtapHidCommand.PING, new Uint8Array([0xa]));
    await sendMessage(b, cidB, CtapHidCommand.PING, new Uint8Array([0xb]));
    expect(Array.from((await readMessage(a, cidA)).data)).toEqual([0xa]);
    expect(Array.from((await readMessage(b, cidB)).data)).toEqual([0xb]);
    expect(await a.read(30)).toBeNull();
  });

  it('stops cleanly while a request is still waiting for a touch (no late keepalive on a closed socket)', async () => {
    const key = new VirtualAuthenticator({ userPresence: 'timeout', userPresenceTimeoutMs: 400 });
    const started = await startVirtualAuthenticatorServer({ authenticator: key });
    const connection = await createSocketBackend({ port: started.port }).open(`virtual:127.0.0.1:${started.port}`);
    cleanups.push(() => connection.close());
    const cid = await init(connection);
    await sendMessage(connection, cid, CtapHidCommand.CBOR, new Uint8Array([Ctap2Command.selection]));
    await new Promise((r) => setTimeout(r, 150));
    await started.close();
    await started.close();
    // Past the touch timeout: the abandoned request must have ended without sending anything.
    await new Promise((r) => setTimeout(r, 400));
    let late = 0;
    for (let report = await connection.read(20); report; report = await connection.read(20)) {
      if (report[4] === (0x80 | CtapHidCommand.CBOR)) late += 1;
    }
    expect(late).toBe(0);
  });
});
