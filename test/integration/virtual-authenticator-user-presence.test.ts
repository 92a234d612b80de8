import { afterEach, describe, expect, it } from 'vitest';
import { Ctap2Command, CtapStatus } from '../../electron/core/fido/ctap2/ctap2-constants';
import { KeepaliveStatus } from '../../electron/core/fido/ctaphid/ctaphid-constants';
import type { HidConnection } from '../../electron/core/fido/hid/hid-connection';
import { VirtualAuthenticator, type VirtualAuthenticatorInit } from '../../electron/core/fido/virtual/virtual-authenticator';
import { cbor, init } from './virtual-authenticator-raw-client';

const open: HidConnection[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

async function session(options: VirtualAuthenticatorInit = {}) {
  const key = new VirtualAuthenticator(options);
  const connection = key.connect();
  open.push(connection);
  return { key, connection, cid: await init(connection) };
}

const touch = (s: Awaited<ReturnType<typeof session>>, command: number = Ctap2Command.selection) => cbor(s.connection, s.cid, command);

describe('virtual authenticator scripted user presence', () => {
  it('immediate: the touch needs no keepalive', async () => {
    const s = await session();
    const reply = await touch(s);
    expect(reply.status).toBe(CtapStatus.CTAP2_OK);
    expect(reply.keepalives).toEqual([]);
  });

  it('delayed: UPNEEDED keepalives arrive about every 100 ms until the touch', async () => {
    const s = await session({ userPresence: { delayMs: 350 } });
    const reply = await touch(s);
    expect(reply.status).toBe(CtapStatus.CTAP2_OK);
    expect(reply.keepalives.length).toBeGreaterThanOrEqual(2);
    expect(reply.keepalives.every((status) => status === KeepaliveStatus.UPNEEDED)).toBe(true);
  });

  it('denied: the person refuses and the key answers CTAP2_ERR_OPERATION_DENIED', async () => {
    const s = await session({ userPresence: 'denied' });
    expect((await touch(s)).status).toBe(CtapStatus.CTAP2_ERR_OPERATION_DENIED);
  });

  it('timeout: after keepalives the key gives up with CTAP2_ERR_USER_ACTION_TIMEOUT', async () => {
    const s = await session({ userPresence: 'timeout', userPresenceTimeoutMs: 300 });
    const reply = await touch(s);
    expect(reply.status).toBe(CtapStatus.CTAP2_ERR_USER_ACTION_TIMEOUT);
    expect(reply.keepalives.length).toBeGreaterThanOrEqual(2);
  });

  it('a queued script applies to the next touch only; setUserPresence changes the default', async () => {
    const s = await session();
    s.key.queueUserPresence('denied');
    expect((await touch(s)).status).toBe(CtapStatus.CTAP2_ERR_OPERATION_DENIED);
    expect((await touch(s)).status).toBe(CtapStatus.CTAP2_OK);
    s.key.setUserPresence('denied');
    expect((await touch(s)).status).toBe(CtapStatus.CTAP2_ERR_OPERATION_DENIED);
    expect((await touch(s)).status).toBe(CtapStatus.CTAP2_ERR_OPERATION_DENIED);
  });

  it('reset needs a touch, and only within the window after power-up like a real key', async () => {
    const s = await session({ resetWindowMs: 150 });
    s.key.queueUserPresence('denied');
    expect((await touch(s, Ctap2Command.reset)).status).toBe(CtapStatus.CTAP2_ERR_OPERATION_DENIED);
    await new Promise((r) => setTimeout(r, 200));
    expect((await touch(s, Ctap2Command.reset)).status).toBe(CtapStatus.CTAP2_ERR_NOT_ALLOWED);
    s.key.powerCycle();
    expect((await touch(s, Ctap2Command.reset)).status).toBe(CtapStatus.CTAP2_OK);
  });

  it('a zero-length pinUvAuthParam asks for a touch and then tells whether a PIN is set', async () => {
    const s = await session();
    const probe = new Map<number, unknown>([[8, new Uint8Array()], [9, 2]]);
    expect((await cbor(s.connection, s.cid, Ctap2Command.makeCredential, probe)).status).toBe(CtapStatus.CTAP2_ERR_PIN_NOT_SET);
  });
});
