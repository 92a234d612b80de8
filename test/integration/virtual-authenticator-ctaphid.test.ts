import { afterEach, describe, expect, it } from 'vitest';
import { Ctap2Command, CtapStatus } from '../../electron/core/fido/ctap2/ctap2-constants';
import { CtapHidCommand, CtapHidError, CTAPHID_BROADCAST_CID, KeepaliveStatus } from '../../electron/core/fido/ctaphid/ctaphid-constants';
import type { HidConnection } from '../../electron/core/fido/hid/hid-connection';
import { VirtualAuthenticator, type VirtualAuthenticatorInit } from '../../electron/core/fido/virtual/virtual-authenticator';
import { cbor, frame, init, initFrame, readMessage, sendMessage } from './virtual-authenticator-raw-client';

const open: HidConnection[] = [];
function connect(options: VirtualAuthenticatorInit = {}): { key: VirtualAuthenticator; connection: HidConnection } {
  const key = new VirtualAuthenticator(options);
  const connection = key.connect();
  open.push(connection);
  return { key, connection };
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

async function expectHidError(connection: HidConnection, cid: number, code: number): Promise<void> {
  const reply = await readMessage(connection, cid);
  expect(reply.cmd).toBe(CtapHidCommand.ERROR);
  expect(reply.data[0]).toBe(code);
}

describe('virtual authenticator CTAPHID device side', () => {
  it('INIT echoes the nonce, allocates distinct channels and announces CBOR|WINK without NMSG', async () => {
    const { connection } = connect();
    const nonce = [1, 2, 3, 4, 5, 6, 7, 8];
    await connection.write(initFrame(CTAPHID_BROADCAST_CID, CtapHidCommand.INIT, 8, nonce));
    const reply = await readMessage(connection, CTAPHID_BROADCAST_CID);
    expect(Array.from(reply.data.subarray(0, 8))).toEqual(nonce);
    expect(reply.data.length).toBe(17);
    expect(reply.data[12]).toBe(2);
    expect(reply.data[16]).toBe(0x05);
    const first = Buffer.from(reply.data).readUInt32BE(8);
    const second = await init(connection);
    expect(first).not.toBe(second);
    expect([0, CTAPHID_BROADCAST_CID]).not.toContain(first);
  });

  it('PING echoes a multi-packet payload and WINK is counted', async () => {
    const { key, connection } = connect();
    const cid = await init(connection);
    const payload = new Uint8Array(300).map((_, i) => i & 0xff);
    await sendMessage(connection, cid, CtapHidCommand.PING, payload);
    const echo = await readMessage(connection, cid);
    expect(echo.cmd).toBe(CtapHidCommand.PING);
    expect(Buffer.from(echo.data).equals(Buffer.from(payload))).toBe(true);
    await sendMessage(connection, cid, CtapHidCommand.WINK, new Uint8Array());
    expect((await readMessage(connection, cid)).cmd).toBe(CtapHidCommand.WINK);
    expect(key.winkCount).toBe(1);
  });

  it('answers MSG (no U2F) and unknown commands with ERR_INVALID_CMD', async () => {
    const { connection } = connect();
    const cid = await init(connection);
    await sendMessage(connection, cid, CtapHidCommand.MSG, new Uint8Array([0, 1, 0, 0]));
    await expectHidError(connection, cid, CtapHidError.INVALID_CMD);
    await sendMessage(connection, cid, 0x2a, new Uint8Array([1]));
    await expectHidError(connection, cid, CtapHidError.INVALID_CMD);
  });

  it('rejects channel 0, unallocated channels and non-INIT commands on the broadcast channel with ERR_INVALID_CHANNEL', async () => {
    const { connection } = connect();
    await connection.write(initFrame(0, CtapHidCommand.PING, 1, [9]));
    await expectHidError(connection, 0, CtapHidError.INVALID_CHANNEL);
    await connection.write(initFrame(0x01020304, CtapHidCommand.PING, 1, [9]));
    await expectHidError(connection, 0x01020304, CtapHidError.INVALID_CHANNEL);
    await connection.write(initFrame(CTAPHID_BROADCAST_CID, CtapHidCommand.PING, 1, [9]));
    await expectHidError(connection, CTAPHID_BROADCAST_CID, CtapHidError.INVALID_CHANNEL);
  });

  it('reports ERR_INVALID_LEN for an INIT without an 8-byte nonce, an oversize message and an empty CBOR request', async () => {
    const { connection } = connect();
    await connection.write(initFrame(CTAPHID_BROADCAST_CID, CtapHidCommand.INIT, 4, [1, 2, 3, 4]));
    await expectHidError(connection, CTAPHID_BROADCAST_CID, CtapHidError.INVALID_LEN);
    const cid = await init(connection);
    await connection.write(initFrame(cid, CtapHidCommand.PING, 8000));
    await expectHidError(connection, cid, CtapHidError.INVALID_LEN);
    await connection.write(initFrame(cid, CtapHidCommand.CBOR, 0));
    await expectHidError(connection, cid, CtapHidError.INVALID_LEN);
  });

  it('reports ERR_INVALID_SEQ for a continuation out of order and for a new request mid-message', async () => {
    const { connection } = connect();
    const cid = await init(connection);
    await connection.write(initFrame(cid, CtapHidCommand.PING, 100, new Uint8Array(57)));
    await connection.write(frame(cid, 1, new Uint8Array(43)));
    await expectHidError(connection, cid, CtapHidError.INVALID_SEQ);
    await connection.write(initFrame(cid, CtapHidCommand.PING, 100, new Uint8Array(57)));
    await connection.write(initFrame(cid, CtapHidCommand.PING, 1, [1]));
    await expectHidError(connection, cid, CtapHidError.INVALID_SEQ);
    // The channel works again afterwards.
    await sendMessage(connection, cid, CtapHidCommand.PING, new Uint8Array([7]));
    expect(Array.from((await readMessage(connection, cid)).data)).toEqual([7]);
  });

  it('ignores stray continuation packets and times out a half-sent message with ERR_MSG_TIMEOUT', async () => {
    const { connection } = connect({ messageTimeoutMs: 80 });
    const cid = await init(connection);
    await connection.write(frame(cid, 0, [1, 2, 3]));
    await connection.write(initFrame(cid, CtapHidCommand.PING, 100, new Uint8Array(57)));
    await expectHidError(connection, cid, CtapHidError.MSG_TIMEOUT);
  });

  it('answers another channel with ERR_CHANNEL_BUSY while a request waits for touch, and sends UPNEEDED keepalives', async () => {
    const { connection } = connect({ userPresence: { delayMs: 250 } });
    const busy = await init(connection);
    const other = await init(connection);
    await sendMessage(connection, busy, CtapHidCommand.CBOR, new Uint8Array([Ctap2Command.selection]));
    await new Promise((r) => setTimeout(r, 30));
    await sendMessage(connection, other, CtapHidCommand.PING, new Uint8Array([1]));
    const reply = await readMessage(connection, other);
    expect(reply.cmd).toBe(CtapHidCommand.ERROR);
    expect(reply.data[0]).toBe(CtapHidError.CHANNEL_BUSY);
    const done = await readMessage(connection, busy);
    expect(done.cmd).toBe(CtapHidCommand.CBOR);
    expect(done.data[0]).toBe(CtapStatus.CTAP2_OK);
  });

  it('turns CANCEL during a touch wait into CTAP2_ERR_KEEPALIVE_CANCEL after UPNEEDED keepalives', async () => {
    const { connection } = connect({ userPresence: 'timeout', userPresenceTimeoutMs: 5000 });
    const cid = await init(connection);
    const pending = cbor(connection, cid, Ctap2Command.selection);
    await new Promise((r) => setTimeout(r, 250));
    await connection.write(initFrame(cid, CtapHidCommand.CANCEL, 0));
    const reply = await pending;
    expect(reply.status).toBe(CtapStatus.CTAP2_ERR_KEEPALIVE_CANCEL);
    expect(reply.keepalives.length).toBeGreaterThanOrEqual(2);
    expect(new Set(reply.keepalives)).toEqual(new Set([KeepaliveStatus.UPNEEDED]));
  });

  it('INIT on an own channel abandons its pending request silently and frees the device', async () => {
    const { connection } = connect({ userPresence: 'timeout', userPresenceTimeoutMs: 5000 });
    const cid = await init(connection);
    await sendMessage(connection, cid, CtapHidCommand.CBOR, new Uint8Array([Ctap2Command.selection]));
    await new Promise((r) => setTimeout(r, 50));
    await connection.write(initFrame(cid, CtapHidCommand.INIT, 8, [8, 7, 6, 5, 4, 3, 2, 1]));
    const resync = await readMessage(connection, cid);
    expect(resync.cmd).toBe(CtapHidCommand.INIT);
    expect(Buffer.from(resync.data).readUInt32BE(8)).toBe(cid);
    const info = await cbor(connection, cid, Ctap2Command.getInfo);
    expect(info.status).toBe(CtapStatus.CTAP2_OK);
  });

  it('answers a CTAP2 command it does not know with CTAP1_ERR_INVALID_COMMAND and broken CBOR with CTAP2_ERR_INVALID_CBOR', async () => {
    const { connection } = connect();
    const cid = await init(connection);
    expect((await cbor(connection, cid, 0x33)).status).toBe(CtapStatus.CTAP1_ERR_INVALID_COMMAND);
    await sendMessage(connection, cid, CtapHidCommand.CBOR, new Uint8Array([Ctap2Command.makeCredential, 0xa1, 0x01]));
    const reply = await readMessage(connection, cid);
    expect(reply.data[0]).toBe(CtapStatus.CTAP2_ERR_INVALID_CBOR);
  });
});
