import { describe, expect, it } from 'vitest';
import { CtapHidCommand, CTAPHID_BROADCAST_CID } from '../../electron/core/fido/ctaphid/ctaphid-constants';
import { CtapHidDevice, type KeepaliveEvent } from '../../electron/core/fido/ctaphid/ctaphid-device';
import { CtapHidError } from '../../electron/core/fido/ctaphid/ctaphid-error';
import { fragmentMessage, MessageAssembler, packetChannel } from '../../electron/core/fido/ctaphid/ctaphid-packets';
import type { HidConnection } from '../../electron/core/fido/hid/hid-connection';

const CID = 0x01020304;

function payloadOf(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 7 + 3) & 0xff);
}

/**
 * A scripted device end: every written report goes to `onReport`, which may queue replies.
 * It answers INIT with the nonce it was sent, like a key does.
 */
class ScriptedConnection implements HidConnection {
  readonly written: Uint8Array[] = [];
  private readonly inbox: Uint8Array[] = [];
  private readonly assembler = new MessageAssembler(CTAPHID_BROADCAST_CID);
  constructor(private readonly onMessage: (cmd: number, payload: Uint8Array, reply: (cmd: number, payload: Uint8Array, cid?: number) => void) => void) {}

  async write(report: Uint8Array): Promise<void> {
    this.written.push(report);
    const cid = packetChannel(report);
    const reply = (cmd: number, payload: Uint8Array, replyCid = cid) => this.inbox.push(...fragmentMessage(replyCid, cmd, payload));
    if (cid === CTAPHID_BROADCAST_CID) {
      const message = this.assembler.push(report);
      if (message?.cmd === CtapHidCommand.INIT) {
        const body = new Uint8Array(17);
        body.set(message.payload, 0);
        new DataView(body.buffer).setUint32(8, CID);
        body.set([2, 1, 0, 0, 0x0d], 12);
        reply(CtapHidCommand.INIT, body);
      }
      return;
    }
    const init = report[4]! & 0x80;
    if (init) {
      const length = (report[5]! << 8) | report[6]!;
      this.pending = { cmd: report[4]! & 0x7f, length, data: [...report.subarray(7, 7 + Math.min(length, 57))] };
    } else if (this.pending) {
      this.pending.data.push(...report.subarray(5, 5 + Math.min(59, this.pending.length - this.pending.data.length)));
    }
    if (this.pending && this.pending.data.length >= this.pending.length) {
      const { cmd, data } = this.pending;
      this.pending = null;
      this.onMessage(cmd, Uint8Array.from(data), reply);
    }
  }
  private pending: { cmd: number; length: number; data: number[] } | null = null;

  async read(timeoutMs: number): Promise<Uint8Array | null> {
    const next = this.inbox.shift();
    if (next) return next;
    await new Promise((r) => setTimeout(r, Math.min(timeoutMs, 5)));
    return null;
  }
  push(...reports: Uint8Array[]) {
    this.inbox.push(...reports);
  }
  async close(): Promise<void> {}
}

describe('CTAPHID fragmentation and reassembly', () => {
  it.each([0, 1, 57, 58, 116, 117, 7609])('a %i-byte message survives fragmentation and reassembly', (length) => {
    const payload = payloadOf(length);
    const packets = fragmentMessage(CID, CtapHidCommand.CBOR, payload);
    expect(packets.every((p) => p.length === 64)).toBe(true);
    expect(packets.length).toBe(length <= 57 ? 1 : 1 + Math.ceil((length - 57) / 59));
    const assembler = new MessageAssembler(CID);
    const results = packets.map((p) => assembler.push(p));
    expect(results.slice(0, -1).every((r) => r === null)).toBe(true);
    expect(results.at(-1)).toEqual({ cid: CID, cmd: CtapHidCommand.CBOR, payload });
  });

  it('the init packet carries CID, command with the init bit and the big-endian length', () => {
    const [first] = fragmentMessage(0xcafebabe, CtapHidCommand.PING, payloadOf(300));
    expect(Array.from(first!.subarray(0, 7))).toEqual([0xca, 0xfe, 0xba, 0xbe, 0x81, 0x01, 0x2c]);
  });

  it('refuses a message larger than 129 packets can carry', () => {
    expect(() => fragmentMessage(CID, CtapHidCommand.CBOR, new Uint8Array(7610))).toThrowError(expect.objectContaining({ name: 'ERR_INVALID_LEN' }));
  });

  it('ignores packets addressed to another channel', () => {
    const assembler = new MessageAssembler(CID);
    expect(assembler.push(fragmentMessage(0x0a0b0c0d, CtapHidCommand.PING, payloadOf(3))[0]!)).toBeNull();
  });

  it('rejects an out-of-order continuation packet with ERR_INVALID_SEQ', () => {
    const packets = fragmentMessage(CID, CtapHidCommand.CBOR, payloadOf(200));
    const assembler = new MessageAssembler(CID);
    assembler.push(packets[0]!);
    expect(() => assembler.push(packets[2]!)).toThrowError(expect.objectContaining({ name: 'ERR_INVALID_SEQ' }));
  });

  it('rejects a continuation without an init packet and an announced length beyond CTAPHID', () => {
    const packets = fragmentMessage(CID, CtapHidCommand.CBOR, payloadOf(100));
    expect(() => new MessageAssembler(CID).push(packets[1]!)).toThrow(CtapHidError);
    const huge = fragmentMessage(CID, CtapHidCommand.CBOR, new Uint8Array(1))[0]!;
    huge[5] = 0xff;
    huge[6] = 0xff;
    expect(() => new MessageAssembler(CID).push(huge)).toThrowError(expect.objectContaining({ name: 'ERR_INVALID_LEN' }));
  });

  it('rejects a report that is not 64 bytes', () => {
    expect(() => new MessageAssembler(CID).push(new Uint8Array(63))).toThrowError(expect.objectContaining({ name: 'ERR_INVALID_LEN' }));
  });
});

describe('CTAPHID channel', () => {
  it('INIT skips an answer carrying another nonce and takes the channel from the matching one', async () => {
    const connection = new ScriptedConnection(() => undefined);
    const strangerAnswer = new Uint8Array(17).fill(9);
    connection.push(...fragmentMessage(CTAPHID_BROADCAST_CID, CtapHidCommand.INIT, strangerAnswer));
    const device = await CtapHidDevice.open(connection);
    expect(device.info.cid).toBe(CID);
    expect(device.info.capabilities).toEqual({ wink: true, cbor: true, nmsg: true });
    const init = connection.written[0]!;
    expect(packetChannel(init)).toBe(CTAPHID_BROADCAST_CID);
    expect(init[4]).toBe(0x86);
    expect(init[6]).toBe(8);
  });

  it('INIT without an answer ends in ERR_TIMEOUT', async () => {
    const silent: HidConnection = { write: async () => undefined, read: async () => null, close: async () => undefined };
    await expect(CtapHidDevice.open(silent, { initTimeoutMs: 50, pollMs: 5 })).rejects.toMatchObject({ name: 'ERR_TIMEOUT' });
  });

  it('reports keepalive statuses as processing / upNeeded events and returns the final answer', async () => {
    const connection = new ScriptedConnection((cmd, payload, reply) => {
      reply(CtapHidCommand.KEEPALIVE, Uint8Array.of(1));
      reply(CtapHidCommand.KEEPALIVE, Uint8Array.of(2));
      reply(cmd, payload);
    });
    const device = await CtapHidDevice.open(connection);
    const seen: KeepaliveEvent[] = [];
    const answer = await device.cbor(payloadOf(150), { onKeepalive: (s) => seen.push(s) });
    expect(seen).toEqual(['processing', 'upNeeded']);
    expect(answer).toEqual(payloadOf(150));
  });

  it('retries on CHANNEL_BUSY every 100 ms and succeeds once the key is free', async () => {
    let busy = 2;
    const connection = new ScriptedConnection((cmd, payload, reply) => {
      if (busy-- > 0) reply(CtapHidCommand.ERROR, Uint8Array.of(0x06));
      else reply(cmd, payload);
    });
    const device = await CtapHidDevice.open(connection);
    await expect(device.ping(payloadOf(10))).resolves.toEqual(payloadOf(10));
    expect(busy).toBe(-1);
  });

  it('gives up on a key that stays busy with ERR_CHANNEL_BUSY', async () => {
    const connection = new ScriptedConnection((_cmd, _payload, reply) => reply(CtapHidCommand.ERROR, Uint8Array.of(0x06)));
    const device = await CtapHidDevice.open(connection, { busyRetryMs: 250 });
    await expect(device.ping(payloadOf(4))).rejects.toMatchObject({ name: 'ERR_CHANNEL_BUSY', code: 6 });
  });

  it('maps an ERROR frame to a CtapHidError with its CTAPHID name', async () => {
    const connection = new ScriptedConnection((_cmd, _payload, reply) => reply(CtapHidCommand.ERROR, Uint8Array.of(0x04)));
    const device = await CtapHidDevice.open(connection);
    await expect(device.cbor(Uint8Array.of(4))).rejects.toMatchObject({ name: 'ERR_INVALID_SEQ' });
  });

  it('a silent key ends the wait with ERR_TIMEOUT and receives a CANCEL', async () => {
    const connection = new ScriptedConnection(() => undefined);
    const device = await CtapHidDevice.open(connection, { pollMs: 5 });
    await expect(device.cbor(Uint8Array.of(4), { timeoutMs: 60 })).rejects.toMatchObject({ name: 'ERR_TIMEOUT' });
    expect(connection.written.at(-1)![4]).toBe(0x80 | CtapHidCommand.CANCEL);
  });

  it('an aborted wait for a touch sends CANCEL and ends with ERR_CANCELLED', async () => {
    const connection = new ScriptedConnection((cmd, _payload, reply) => {
      if (cmd === CtapHidCommand.CANCEL) reply(CtapHidCommand.CBOR, Uint8Array.of(0x2d));
      else reply(CtapHidCommand.KEEPALIVE, Uint8Array.of(2));
    });
    const device = await CtapHidDevice.open(connection, { pollMs: 5 });
    const controller = new AbortController();
    const pending = device.cbor(Uint8Array.of(1), { signal: controller.signal, onKeepalive: () => controller.abort() });
    await expect(pending).rejects.toMatchObject({ name: 'ERR_CANCELLED' });
    expect(connection.written.some((r) => r[4] === (0x80 | CtapHidCommand.CANCEL))).toBe(true);
  });

  it('an answer to a different command is a typed error', async () => {
    const connection = new ScriptedConnection((_cmd, payload, reply) => reply(CtapHidCommand.MSG, payload));
    const device = await CtapHidDevice.open(connection);
    await expect(device.ping(payloadOf(3))).rejects.toMatchObject({ name: 'ERR_INVALID_CMD' });
  });
});
