import { randomBytes } from 'node:crypto';
import type { HidConnection } from '../hid/hid-connection';
import {
  CTAPHID_BROADCAST_CID,
  CTAPHID_INIT_NONCE_SIZE,
  CapabilityFlag,
  CtapHidCommand,
  CtapHidError as HidErrorCode,
  KeepaliveStatus,
} from './ctaphid-constants';
import { CANCELLED, CtapHidError, DEVICE_GONE, SILENT, TIMEOUT } from './ctaphid-error';
import { fragmentMessage, MessageAssembler, type CtapHidMessage } from './ctaphid-packets';

export type KeepaliveEvent = 'processing' | 'upNeeded';

export interface TransactOptions {
  /** Deadline for the whole exchange; user-presence commands pass a long one. */
  timeoutMs?: number;
  signal?: AbortSignal;
  onKeepalive?: (status: KeepaliveEvent) => void;
}

export interface CtapHidDeviceInfo {
  cid: number;
  protocolVersion: number;
  deviceVersion: [number, number, number];
  capabilities: { wink: boolean; cbor: boolean; nmsg: boolean };
}

export interface CtapHidOptions {
  /** Per-read timeout: short, so a CANCEL or an abort is never stuck behind a read. */
  pollMs?: number;
  initTimeoutMs?: number;
  /** How long CHANNEL_BUSY is retried (every 100 ms) before giving up. */
  busyRetryMs?: number;
  /**
   * How long a key may send nothing, neither its answer nor a KEEPALIVE, before it counts as
   * not answering. A working key sends KEEPALIVE about every 100 ms while it computes or waits
   * for a touch (CTAP 2.1 section 11.2.9.1.5), so only a silent key ends here; one that keeps
   * asking for a touch keeps the command's whole timeout.
   */
  silenceMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_SILENCE_MS = 5_000;
const BUSY_RETRY_INTERVAL_MS = 100;
/** After a CANCEL the key must answer within this time (CTAP 2.1 section 11.2.9.1.5). */
const CANCEL_GRACE_MS = 1_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A CTAPHID channel on one key: INIT with a nonce, then one transaction at a time. Every
 * wait is bounded; every failure is a CtapHidError named after the CTAPHID condition.
 */
export class CtapHidDevice {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly connection: HidConnection,
    readonly info: CtapHidDeviceInfo,
    private readonly options: Required<CtapHidOptions>,
  ) {}

  static async open(connection: HidConnection, options: CtapHidOptions = {}): Promise<CtapHidDevice> {
    const resolved = {
      pollMs: options.pollMs ?? 100,
      initTimeoutMs: options.initTimeoutMs ?? 3_000,
      busyRetryMs: options.busyRetryMs ?? 3_000,
      silenceMs: options.silenceMs ?? DEFAULT_SILENCE_MS,
    };
    const nonce = new Uint8Array(randomBytes(CTAPHID_INIT_NONCE_SIZE));
    await writeAll(connection, fragmentMessage(CTAPHID_BROADCAST_CID, CtapHidCommand.INIT, nonce));
    const assembler = new MessageAssembler(CTAPHID_BROADCAST_CID);
    const deadline = Date.now() + resolved.initTimeoutMs;
    while (Date.now() < deadline) {
      const message = await readMessage(connection, assembler, resolved.pollMs);
      if (message === null) continue;
      if (message.cmd === CtapHidCommand.ERROR) throw CtapHidError.fromDevice(message.payload[0] ?? HidErrorCode.OTHER);
      if (message.cmd !== CtapHidCommand.INIT || message.payload.length < 17) continue;
      // Another client's INIT answer on the broadcast channel carries their nonce: skip it.
      if (!equalBytes(message.payload.subarray(0, 8), nonce)) continue;
      return new CtapHidDevice(connection, parseInitResponse(message.payload), resolved);
    }
    throw new CtapHidError(TIMEOUT, 'The key did not answer the CTAPHID INIT request. Unplug it and plug it in again.');
  }

  /** One request/response exchange on our channel, serialised behind any running one. */
  transact(cmd: number, payload: Uint8Array, options: TransactOptions = {}): Promise<CtapHidMessage> {
    const run = this.queue.then(() => this.exchange(cmd, payload, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Aborts the running command: CANCEL has no response, the pending command ends with an error. */
  async cancel(): Promise<void> {
    if (this.closed) return;
    await writeAll(this.connection, fragmentMessage(this.info.cid, CtapHidCommand.CANCEL, new Uint8Array(0)));
  }

  async ping(data: Uint8Array, options: TransactOptions = {}): Promise<Uint8Array> {
    const reply = await this.transact(CtapHidCommand.PING, data, options);
    if (!equalBytes(reply.payload, data)) throw new CtapHidError('ERR_INVALID_PAR', 'The key echoed different bytes to a PING.');
    return reply.payload;
  }

  async wink(options: TransactOptions = {}): Promise<void> {
    if (!this.info.capabilities.wink) throw new CtapHidError('ERR_INVALID_CMD', 'This key cannot blink on request.');
    await this.transact(CtapHidCommand.WINK, new Uint8Array(0), options);
  }

  /** A CTAP2 request (command byte + CBOR) → the response (status byte + CBOR). */
  async cbor(request: Uint8Array, options: TransactOptions = {}): Promise<Uint8Array> {
    if (!this.info.capabilities.cbor) throw new CtapHidError('ERR_INVALID_CMD', 'This key does not speak CTAP2 (FIDO2).');
    return (await this.transact(CtapHidCommand.CBOR, request, options)).payload;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.connection.close();
  }

  private async exchange(cmd: number, payload: Uint8Array, options: TransactOptions): Promise<CtapHidMessage> {
    if (this.closed) throw new CtapHidError(DEVICE_GONE, 'The connection to the key is closed.');
    const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const busyUntil = Date.now() + this.options.busyRetryMs;
    for (;;) {
      const reply = await this.sendAndReceive(cmd, payload, deadline, options);
      const busy = reply.cmd === CtapHidCommand.ERROR && reply.payload[0] === HidErrorCode.CHANNEL_BUSY;
      if (!busy) {
        if (reply.cmd === CtapHidCommand.ERROR) throw CtapHidError.fromDevice(reply.payload[0] ?? HidErrorCode.OTHER);
        if (reply.cmd !== cmd) throw new CtapHidError('ERR_INVALID_CMD', `The key answered command 0x${cmd.toString(16)} with 0x${reply.cmd.toString(16)}.`);
        return reply;
      }
      if (Date.now() + BUSY_RETRY_INTERVAL_MS > Math.min(deadline, busyUntil)) {
        throw CtapHidError.fromDevice(HidErrorCode.CHANNEL_BUSY);
      }
      await delay(BUSY_RETRY_INTERVAL_MS);
    }
  }

  private async sendAndReceive(cmd: number, payload: Uint8Array, deadline: number, options: TransactOptions): Promise<CtapHidMessage> {
    const assembler = new MessageAssembler(this.info.cid);
    await writeAll(this.connection, fragmentMessage(this.info.cid, cmd, payload));
    let cancelDeadline: number | null = null;
    let heardAt = Date.now();
    for (;;) {
      if (options.signal?.aborted && cancelDeadline === null) {
        await this.cancel();
        cancelDeadline = Date.now() + CANCEL_GRACE_MS;
      }
      const now = Date.now();
      if (cancelDeadline !== null && now > cancelDeadline) throw new CtapHidError(CANCELLED, 'The operation was cancelled.');
      if (cancelDeadline === null && now > deadline) {
        await this.cancel();
        throw new CtapHidError(TIMEOUT, 'The key did not answer in time.');
      }
      const report = await readReport(this.connection, this.options.pollMs);
      // Measured only after a read that found nothing, so a kiosk busy elsewhere is not mistaken for a silent key.
      if (report === null) {
        if (cancelDeadline === null && Date.now() - heardAt > this.options.silenceMs) {
          await this.cancel();
          throw new CtapHidError(SILENT, `The key sent nothing for ${this.options.silenceMs / 1000} s, not even a keepalive.`);
        }
        continue;
      }
      heardAt = Date.now();
      const message = assembler.push(report);
      if (message === null) continue;
      if (message.cmd === CtapHidCommand.KEEPALIVE) {
        const status = message.payload[0];
        if (status === KeepaliveStatus.UPNEEDED) options.onKeepalive?.('upNeeded');
        else if (status === KeepaliveStatus.PROCESSING) options.onKeepalive?.('processing');
        continue;
      }
      if (cancelDeadline !== null) throw new CtapHidError(CANCELLED, 'The operation was cancelled.');
      return message;
    }
  }
}

async function writeAll(connection: HidConnection, packets: Uint8Array[]): Promise<void> {
  try {
    for (const packet of packets) await connection.write(packet);
  } catch (error) {
    throw new CtapHidError(DEVICE_GONE, `The key could not be written to (${describe(error)}). Was it unplugged?`);
  }
}

async function readReport(connection: HidConnection, timeoutMs: number): Promise<Uint8Array | null> {
  try {
    return await connection.read(timeoutMs);
  } catch (error) {
    throw new CtapHidError(DEVICE_GONE, `The key could not be read from (${describe(error)}). Was it unplugged?`);
  }
}

async function readMessage(connection: HidConnection, assembler: MessageAssembler, timeoutMs: number): Promise<CtapHidMessage | null> {
  const report = await readReport(connection, timeoutMs);
  return report === null ? null : assembler.push(report);
}

function parseInitResponse(payload: Uint8Array): CtapHidDeviceInfo {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const cid = view.getUint32(8);
  if (cid === 0 || cid === CTAPHID_BROADCAST_CID) {
    throw new CtapHidError('ERR_INVALID_CHANNEL', 'The key assigned an invalid CTAPHID channel.');
  }
  const flags = payload[16] as number;
  return {
    cid,
    protocolVersion: payload[12] as number,
    deviceVersion: [payload[13] as number, payload[14] as number, payload[15] as number],
    capabilities: {
      wink: (flags & CapabilityFlag.WINK) !== 0,
      cbor: (flags & CapabilityFlag.CBOR) !== 0,
      nmsg: (flags & CapabilityFlag.NMSG) !== 0,
    },
  };
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
