import { HID_REPORT_SIZE } from '../hid/hid-connection';
import { CTAPHID_MAX_MESSAGE, TYPE_INIT } from './ctaphid-constants';
import { CtapHidError } from './ctaphid-error';

/**
 * CTAPHID framing (CTAP 2.1 section 11.2.4): a message is one init packet
 * (CID, CMD|0x80, BCNT big-endian, 57 data bytes) and up to 128 continuation packets
 * (CID, SEQ 0..127, 59 data bytes), each exactly one 64-byte report, zero-padded.
 */
export interface CtapHidMessage {
  cid: number;
  /** The command without the init bit. */
  cmd: number;
  payload: Uint8Array;
}

const INIT_DATA = HID_REPORT_SIZE - 7;
const CONT_DATA = HID_REPORT_SIZE - 5;
const MAX_SEQ = 0x7f;

export function fragmentMessage(cid: number, cmd: number, payload: Uint8Array): Uint8Array[] {
  if (payload.length > CTAPHID_MAX_MESSAGE) {
    throw new CtapHidError('ERR_INVALID_LEN', `A message of ${payload.length} bytes does not fit into 129 HID packets.`);
  }
  const packets: Uint8Array[] = [];
  const first = new Uint8Array(HID_REPORT_SIZE);
  const view = new DataView(first.buffer);
  view.setUint32(0, cid >>> 0);
  first[4] = TYPE_INIT | (cmd & 0x7f);
  view.setUint16(5, payload.length);
  first.set(payload.subarray(0, INIT_DATA), 7);
  packets.push(first);
  let offset = INIT_DATA;
  for (let seq = 0; offset < payload.length; seq++) {
    const packet = new Uint8Array(HID_REPORT_SIZE);
    new DataView(packet.buffer).setUint32(0, cid >>> 0);
    packet[4] = seq;
    packet.set(payload.subarray(offset, offset + CONT_DATA), 5);
    packets.push(packet);
    offset += CONT_DATA;
  }
  return packets;
}

export function packetChannel(report: Uint8Array): number {
  return new DataView(report.buffer, report.byteOffset, report.byteLength).getUint32(0);
}

/**
 * Reassembles the messages addressed to one channel. Packets of other channels are ignored
 * (another application may share the key); on our channel, a wrong sequence number, a
 * continuation without an init packet or an impossible length is a typed error.
 */
export class MessageAssembler {
  private cmd = 0;
  private expected = 0;
  private buffer: Uint8Array | null = null;
  private filled = 0;
  private nextSeq = 0;

  constructor(private readonly cid: number) {}

  /** Feeds one report; returns the message once its last packet arrived, else null. */
  push(report: Uint8Array): CtapHidMessage | null {
    if (report.length !== HID_REPORT_SIZE) {
      throw new CtapHidError('ERR_INVALID_LEN', `The key sent a ${report.length}-byte report; FIDO reports are ${HID_REPORT_SIZE} bytes.`);
    }
    if (packetChannel(report) !== this.cid >>> 0) return null;
    const head = report[4] as number;
    if ((head & TYPE_INIT) !== 0) return this.startMessage(head & 0x7f, report);
    return this.continueMessage(head, report);
  }

  private startMessage(cmd: number, report: Uint8Array): CtapHidMessage | null {
    if (this.buffer !== null) {
      this.reset();
      throw new CtapHidError('ERR_INVALID_SEQ', 'The key started a new message before finishing the previous one.');
    }
    const length = ((report[5] as number) << 8) | (report[6] as number);
    if (length > CTAPHID_MAX_MESSAGE) {
      throw new CtapHidError('ERR_INVALID_LEN', `The key announced a ${length}-byte message, more than CTAPHID can carry.`);
    }
    const firstPart = report.subarray(7, 7 + Math.min(length, INIT_DATA));
    if (length <= INIT_DATA) return { cid: this.cid, cmd, payload: new Uint8Array(firstPart) };
    this.cmd = cmd;
    this.expected = length;
    this.buffer = new Uint8Array(length);
    this.buffer.set(firstPart, 0);
    this.filled = firstPart.length;
    this.nextSeq = 0;
    return null;
  }

  private continueMessage(seq: number, report: Uint8Array): CtapHidMessage | null {
    if (this.buffer === null) {
      throw new CtapHidError('ERR_INVALID_SEQ', `The key sent continuation packet ${seq} without an init packet.`);
    }
    if (seq !== this.nextSeq || seq > MAX_SEQ) {
      const expected = this.nextSeq;
      this.reset();
      throw new CtapHidError('ERR_INVALID_SEQ', `The key sent continuation packet ${seq} where ${expected} was due.`);
    }
    const part = report.subarray(5, 5 + Math.min(CONT_DATA, this.expected - this.filled));
    this.buffer.set(part, this.filled);
    this.filled += part.length;
    this.nextSeq += 1;
    if (this.filled < this.expected) return null;
    const message = { cid: this.cid, cmd: this.cmd, payload: this.buffer };
    this.reset();
    return message;
  }

  /** Drops a half-received message (after a timeout or a cancel). */
  reset(): void {
    this.buffer = null;
    this.filled = 0;
    this.expected = 0;
    this.nextSeq = 0;
  }
}
