import { createHash, randomBytes } from 'node:crypto';
import { decodeCbor, encodeCbor } from '../../electron/core/fido/cbor/cbor';
import { ClientPinSubcommand, Ctap2Command } from '../../electron/core/fido/ctap2/ctap2-constants';
import { CtapHidCommand, CTAPHID_BROADCAST_CID, TYPE_INIT } from '../../electron/core/fido/ctaphid/ctaphid-constants';
import { HID_REPORT_SIZE, type HidConnection } from '../../electron/core/fido/hid/hid-connection';
import {
  coseEcdhKeyFromMap,
  coseEcdhKeyToMap,
  generateEcdhKeyPair,
  pinProtocol,
  type PinProtocolVersion,
} from '../../electron/core/fido/pin/pin-protocol';

/**
 * A deliberately small CTAPHID/CTAP2 host written from the spec for these tests only, so the
 * virtual authenticator is checked with raw frames, independently of the kiosk's client.
 */
export function frame(cid: number, head: number, body: ArrayLike<number> = []): Uint8Array {
  const report = Buffer.alloc(HID_REPORT_SIZE);
  report.writeUInt32BE(cid >>> 0, 0);
  report[4] = head;
  report.set(body as Uint8Array, 5);
  return new Uint8Array(report);
}

export function initFrame(cid: number, cmd: number, bcnt: number, data: ArrayLike<number> = []): Uint8Array {
  return frame(cid, TYPE_INIT | cmd, [bcnt >> 8, bcnt & 0xff, ...Array.from(data)]);
}

export function cidOf(report: Uint8Array): number {
  return Buffer.from(report).readUInt32BE(0);
}

export async function init(connection: HidConnection): Promise<number> {
  const nonce = randomBytes(8);
  await connection.write(initFrame(CTAPHID_BROADCAST_CID, CtapHidCommand.INIT, 8, nonce));
  const reply = await readMessage(connection, CTAPHID_BROADCAST_CID);
  if (reply.cmd !== CtapHidCommand.INIT || !Buffer.from(reply.data.subarray(0, 8)).equals(nonce)) throw new Error('bad INIT reply');
  return Buffer.from(reply.data).readUInt32BE(8);
}

export async function sendMessage(connection: HidConnection, cid: number, cmd: number, data: Uint8Array): Promise<void> {
  await connection.write(initFrame(cid, cmd, data.length, data.subarray(0, 57)));
  for (let offset = 57, seq = 0; offset < data.length; offset += 59, seq++) {
    await connection.write(frame(cid, seq, data.subarray(offset, offset + 59)));
  }
}

export interface Message {
  cmd: number;
  data: Uint8Array;
  keepalives: number[];
  /** Reports seen meanwhile on other channels (ignored, as a host must). */
  foreign: number;
}

/** Reads one message on `cid`, collecting keepalives; throws on a sequence gap or timeout. */
export async function readMessage(connection: HidConnection, cid: number, timeoutMs = 3000): Promise<Message> {
  const keepalives: number[] = [];
  let foreign = 0;
  let message: { cmd: number; data: Uint8Array; filled: number; seq: number } | null = null;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const report = await connection.read(Math.max(1, deadline - Date.now()));
    if (!report) throw new Error('timed out waiting for the authenticator');
    if (cidOf(report) !== cid) {
      foreign += 1;
      continue;
    }
    const head = report[4] ?? 0;
    if (!message) {
      if (head === (TYPE_INIT | CtapHidCommand.KEEPALIVE)) {
        keepalives.push(report[7] ?? -1);
        continue;
      }
      const length = Buffer.from(report).readUInt16BE(5);
      message = { cmd: head & 0x7f, data: new Uint8Array(length), filled: 0, seq: 0 };
      const take = Math.min(length, 57);
      message.data.set(report.subarray(7, 7 + take));
      message.filled = take;
    } else {
      if (head !== message.seq) throw new Error(`sequence gap: expected ${message.seq}, got ${head}`);
      const take = Math.min(message.data.length - message.filled, 59);
      message.data.set(report.subarray(5, 5 + take), message.filled);
      message.filled += take;
      message.seq += 1;
    }
    if (message.filled === message.data.length) return { cmd: message.cmd, data: message.data, keepalives, foreign };
  }
}

export interface CborReply {
  status: number;
  body: Map<unknown, unknown> | null;
  keepalives: number[];
}

export async function cbor(connection: HidConnection, cid: number, command: number, params?: Map<unknown, unknown>, timeoutMs = 5000): Promise<CborReply> {
  const request = new Uint8Array([command, ...(params ? encodeCbor(params) : [])]);
  await sendMessage(connection, cid, CtapHidCommand.CBOR, request);
  const reply = await readMessage(connection, cid, timeoutMs);
  if (reply.cmd !== CtapHidCommand.CBOR) throw new Error(`expected a CBOR reply, got command 0x${reply.cmd.toString(16)} ${Buffer.from(reply.data).toString('hex')}`);
  const status = reply.data[0] ?? -1;
  const body = reply.data.length > 1 ? (decodeCbor(reply.data.subarray(1)) as Map<unknown, unknown>) : null;
  return { status, body, keepalives: reply.keepalives };
}

/** A host session for one PIN protocol: key agreement, setPIN, changePIN, token. */
export class PinHost {
  constructor(
    private readonly connection: HidConnection,
    private readonly cid: number,
    readonly version: PinProtocolVersion,
  ) {}

  private get protocol() {
    return pinProtocol(this.version);
  }

  async sharedSecret(): Promise<{ platformKey: Map<number, number | Uint8Array>; secret: Uint8Array }> {
    const reply = await cbor(this.connection, this.cid, Ctap2Command.clientPIN, new Map([[1, this.version], [2, ClientPinSubcommand.getKeyAgreement]]));
    const peer = coseEcdhKeyFromMap(reply.body?.get(1));
    const mine = generateEcdhKeyPair();
    return { platformKey: coseEcdhKeyToMap(mine.publicKey), secret: this.protocol.kdf(mine.agree(peer)) };
  }

  static padPin(pin: string | Uint8Array): Uint8Array {
    const bytes = typeof pin === 'string' ? Buffer.from(pin, 'utf8') : pin;
    const padded = new Uint8Array(64);
    padded.set(bytes.subarray(0, 64));
    return padded;
  }

  static pinHash(pin: string): Uint8Array {
    return new Uint8Array(createHash('sha256').update(pin).digest().subarray(0, 16));
  }

  async setPin(pin: string | Uint8Array): Promise<number> {
    const { platformKey, secret } = await this.sharedSecret();
    const newPinEnc = this.protocol.encrypt(secret, PinHost.padPin(pin));
    const params = new Map<number, unknown>([
      [1, this.version],
      [2, ClientPinSubcommand.setPIN],
      [3, platformKey],
      [4, this.protocol.authenticate(secret, newPinEnc)],
      [5, newPinEnc],
    ]);
    return (await cbor(this.connection, this.cid, Ctap2Command.clientPIN, params)).status;
  }

  async token(pin: string, permissions: number, rpId?: string): Promise<{ status: number; token: Uint8Array | null }> {
    const { platformKey, secret } = await this.sharedSecret();
    const params = new Map<number, unknown>([
      [1, this.version],
      [2, ClientPinSubcommand.getPinUvAuthTokenUsingPinWithPermissions],
      [3, platformKey],
      [6, this.protocol.encrypt(secret, PinHost.pinHash(pin))],
      [9, permissions],
    ]);
    if (rpId !== undefined) params.set(10, rpId);
    const reply = await cbor(this.connection, this.cid, Ctap2Command.clientPIN, params);
    const encrypted = reply.body?.get(2);
    return { status: reply.status, token: encrypted instanceof Uint8Array ? this.protocol.decrypt(secret, encrypted) : null };
  }

  async retries(): Promise<{ retries: number; powerCycle: boolean }> {
    const reply = await cbor(this.connection, this.cid, Ctap2Command.clientPIN, new Map([[1, this.version], [2, ClientPinSubcommand.getPINRetries]]));
    return { retries: reply.body?.get(3) as number, powerCycle: reply.body?.get(4) as boolean };
  }

  authenticate(token: Uint8Array, message: Uint8Array): Uint8Array {
    return this.protocol.authenticate(token, message);
  }
}
