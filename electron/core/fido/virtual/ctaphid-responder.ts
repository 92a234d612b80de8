import { randomBytes, randomInt } from 'node:crypto';
import {
  CapabilityFlag,
  CtapHidCommand,
  CtapHidError,
  CTAPHID_BROADCAST_CID,
  CTAPHID_INIT_NONCE_SIZE,
  CTAPHID_MAX_MESSAGE,
  TYPE_INIT,
} from '../ctaphid/ctaphid-constants';
import { HID_REPORT_SIZE } from '../hid/hid-connection';
import type { Ctap2Authenticator } from './ctap2-authenticator';

/** Where the reports of one open handle go back to (a socket peer, an in-memory pair). */
export type ReportSink = (report: Uint8Array) => void;

/** Faults a test or a facilitator can inject; each applies once, to the next reply. */
export type Fault =
  | { kind: 'garbage'; frames?: number }
  | { kind: 'wrong-channel' }
  | { kind: 'drop-continuation' }
  | { kind: 'ctap-error'; status: number }
  /**
   * A firmware hang: the next CBOR command (the next one with this CTAP2 command byte, when
   * given) runs as usual, keepalives included, for `afterMs` (default 0), then the key sends
   * nothing more for it, neither a KEEPALIVE nor its answer.
   */
  | { kind: 'silent'; command?: number; afterMs?: number };

const INIT_PAYLOAD = HID_REPORT_SIZE - 7;
const CONT_PAYLOAD = HID_REPORT_SIZE - 5;
const CTAPHID_PROTOCOL_VERSION = 2;

interface Reassembly {
  cid: number;
  cmd: number;
  data: Uint8Array;
  filled: number;
  seq: number;
  sink: ReportSink;
  timer: NodeJS.Timeout;
}

interface Transaction {
  cid: number;
  sink: ReportSink;
  abort: AbortController;
  /** Set when an INIT resynced the channel or the handle closed: the result is dropped. */
  silenced: boolean;
}

/**
 * The device side of CTAPHID (CTAP 2.1 section 11.2): channel allocation, reassembly with
 * sequence checks and a message timeout, one transaction at a time (others get
 * ERR_CHANNEL_BUSY), KEEPALIVE while the CBOR layer waits, CANCEL, PING and WINK.
 */
export class CtapHidResponder {
  private readonly channels = new Set<number>();
  private reassembly: Reassembly | null = null;
  private transaction: Transaction | null = null;
  private readonly faults: Fault[] = [];
  private silentFault: Extract<Fault, { kind: 'silent' }> | null = null;
  winks = 0;

  constructor(
    private readonly authenticator: Ctap2Authenticator,
    private readonly messageTimeoutMs: () => number,
    private readonly firmwareVersion: () => number,
  ) {}

  injectFault(fault: Fault): void {
    if (fault.kind === 'ctap-error') this.authenticator.forceNextStatus(fault.status);
    else if (fault.kind === 'silent') this.silentFault = fault;
    else this.faults.push(fault);
  }

  /** A handle went away: whatever it had in flight is abandoned, as on a real device. */
  detach(sink: ReportSink): void {
    if (this.reassembly?.sink === sink) this.clearReassembly();
    if (this.transaction?.sink === sink) this.silence(this.transaction);
  }

  receive(report: Uint8Array, sink: ReportSink): void {
    if (report.length !== HID_REPORT_SIZE) return;
    const view = Buffer.from(report.buffer, report.byteOffset, report.length);
    const cid = view.readUInt32BE(0);
    const kind = view[4] ?? 0;
    if ((kind & TYPE_INIT) === 0) {
      this.continuation(cid, kind, report, sink);
      return;
    }
    const cmd = kind & 0x7f;
    const bcnt = view.readUInt16BE(5);
    if (cid === 0) return this.error(0, CtapHidError.INVALID_CHANNEL, sink);
    if (cmd === CtapHidCommand.INIT) return this.init(cid, bcnt, report.subarray(7, 7 + CTAPHID_INIT_NONCE_SIZE), sink);
    if (cid === CTAPHID_BROADCAST_CID || !this.channels.has(cid)) return this.error(cid, CtapHidError.INVALID_CHANNEL, sink);
    if (cmd === CtapHidCommand.CANCEL) {
      if (this.transaction?.cid === cid) this.transaction.abort.abort();
      return;
    }
    if (this.reassembly?.cid === cid) {
      this.clearReassembly();
      return this.error(cid, CtapHidError.INVALID_SEQ, sink);
    }
    if (this.transaction || this.reassembly) return this.error(cid, CtapHidError.CHANNEL_BUSY, sink);
    if (bcnt > CTAPHID_MAX_MESSAGE) return this.error(cid, CtapHidError.INVALID_LEN, sink);
    const data = new Uint8Array(bcnt);
    const first = Math.min(bcnt, INIT_PAYLOAD);
    data.set(report.subarray(7, 7 + first));
    if (first === bcnt) return this.execute(cid, cmd, data, sink);
    this.reassembly = { cid, cmd, data, filled: first, seq: 0, sink, timer: this.messageTimer(cid, sink) };
  }

  private messageTimer(cid: number, sink: ReportSink): NodeJS.Timeout {
    return setTimeout(() => {
      this.reassembly = null;
      this.error(cid, CtapHidError.MSG_TIMEOUT, sink);
    }, this.messageTimeoutMs());
  }

  private continuation(cid: number, seq: number, report: Uint8Array, sink: ReportSink): void {
    const pending = this.reassembly;
    // Continuation packets nobody is waiting for are ignored (section 11.2.4).
    if (!pending || pending.cid !== cid) return;
    if (seq !== pending.seq) {
      this.clearReassembly();
      return this.error(cid, CtapHidError.INVALID_SEQ, sink);
    }
    const take = Math.min(pending.data.length - pending.filled, CONT_PAYLOAD);
    pending.data.set(report.subarray(5, 5 + take), pending.filled);
    pending.filled += take;
    pending.seq += 1;
    clearTimeout(pending.timer);
    if (pending.filled < pending.data.length) {
      pending.timer = this.messageTimer(cid, sink);
      return;
    }
    this.reassembly = null;
    this.execute(cid, pending.cmd, pending.data, sink);
  }

  private clearReassembly(): void {
    if (this.reassembly) clearTimeout(this.reassembly.timer);
    this.reassembly = null;
  }

  private init(cid: number, bcnt: number, nonce: Uint8Array, sink: ReportSink): void {
    if (bcnt !== CTAPHID_INIT_NONCE_SIZE) return this.error(cid, CtapHidError.INVALID_LEN, sink);
    let channel = cid;
    if (cid === CTAPHID_BROADCAST_CID) {
      channel = this.allocateChannel();
    } else if (this.channels.has(cid)) {
      // INIT on an own channel resynchronises it: anything in flight there is dropped.
      if (this.reassembly?.cid === cid) this.clearReassembly();
      if (this.transaction?.cid === cid) this.silence(this.transaction);
    } else {
      return this.error(cid, CtapHidError.INVALID_CHANNEL, sink);
    }
    const fw = this.firmwareVersion();
    const body = Buffer.alloc(17);
    body.set(nonce, 0);
    body.writeUInt32BE(channel, 8);
    body.writeUInt8(CTAPHID_PROTOCOL_VERSION, 12);
    body.writeUInt8((fw >> 16) & 0xff, 13);
    body.writeUInt8((fw >> 8) & 0xff, 14);
    body.writeUInt8(fw & 0xff, 15);
    body.writeUInt8(CapabilityFlag.CBOR | CapabilityFlag.WINK, 16);
    this.send(cid, CtapHidCommand.INIT, body, sink);
  }

  private allocateChannel(): number {
    let channel: number;
    do channel = randomInt(1, 0xffffffff);
    while (this.channels.has(channel));
    // Bounded, oldest first, like the small channel tables of real keys.
    if (this.channels.size >= 64) {
      const oldest = this.channels.values().next().value;
      if (oldest !== undefined) this.channels.delete(oldest);
    }
    this.channels.add(channel);
    return channel;
  }

  private execute(cid: number, cmd: number, data: Uint8Array, sink: ReportSink): void {
    switch (cmd) {
      case CtapHidCommand.PING:
        return this.send(cid, cmd, data, sink);
      case CtapHidCommand.WINK:
        if (data.length !== 0) return this.error(cid, CtapHidError.INVALID_LEN, sink);
        this.winks += 1;
        return this.send(cid, cmd, data, sink);
      case CtapHidCommand.CBOR:
        if (data.length === 0) return this.error(cid, CtapHidError.INVALID_LEN, sink);
        return this.runCbor(cid, data, sink);
      default:
        // MSG (U2F) and LOCK are not offered: the INIT capabilities say NMSG is absent.
        return this.error(cid, CtapHidError.INVALID_CMD, sink);
    }
  }

  private runCbor(cid: number, request: Uint8Array, sink: ReportSink): void {
    const transaction: Transaction = { cid, sink, abort: new AbortController(), silenced: false };
    this.transaction = transaction;
    const keepalive = (status: number): void => {
      if (!transaction.silenced) sink(this.packet(cid, TYPE_INIT | CtapHidCommand.KEEPALIVE, [0, 1, status]));
    };
    const silent = this.silentFault;
    if (silent && (silent.command === undefined || silent.command === request[0])) {
      this.silentFault = null;
      if (!silent.afterMs) this.silence(transaction);
      else setTimeout(() => this.silence(transaction), silent.afterMs).unref();
    }
    void this.authenticator.handle(request, { signal: transaction.abort.signal, keepalive }).then((response) => {
      if (this.transaction === transaction) this.transaction = null;
      if (!transaction.silenced) this.send(cid, CtapHidCommand.CBOR, response, sink);
    });
  }

  private silence(transaction: Transaction): void {
    transaction.silenced = true;
    transaction.abort.abort();
    if (this.transaction === transaction) this.transaction = null;
  }

  private error(cid: number, code: number, sink: ReportSink): void {
    this.send(cid, CtapHidCommand.ERROR, new Uint8Array([code]), sink);
  }

  private packet(cid: number, head: number, body: ArrayLike<number>): Uint8Array {
    const report = Buffer.alloc(HID_REPORT_SIZE);
    report.writeUInt32BE(cid >>> 0, 0);
    report.writeUInt8(head, 4);
    report.set(body as Uint8Array, 5);
    return new Uint8Array(report);
  }

  private fragments(cid: number, cmd: number, data: Uint8Array): Uint8Array[] {
    const first = data.subarray(0, INIT_PAYLOAD);
    const packets = [this.packet(cid, TYPE_INIT | cmd, [data.length >> 8, data.length & 0xff, ...first])];
    for (let offset = INIT_PAYLOAD, seq = 0; offset < data.length; offset += CONT_PAYLOAD, seq++) {
      packets.push(this.packet(cid, seq, data.subarray(offset, offset + CONT_PAYLOAD)));
    }
    return packets;
  }

  private send(cid: number, cmd: number, data: Uint8Array, sink: ReportSink): void {
    let packets = this.fragments(cid, cmd, data);
    const fault = this.faults[0];
    if (fault?.kind === 'garbage') {
      this.faults.shift();
      for (let i = 0; i < (fault.frames ?? 3); i++) {
        const junk = new Uint8Array(randomBytes(HID_REPORT_SIZE));
        if (Buffer.from(junk.subarray(0, 4)).readUInt32BE(0) === cid) junk[0] = (junk[0] ?? 0) ^ 0xff;
        sink(junk);
      }
    } else if (fault?.kind === 'wrong-channel') {
      this.faults.shift();
      const other = cid === CTAPHID_BROADCAST_CID ? 1 : (cid + 1) % CTAPHID_BROADCAST_CID || 1;
      for (const packet of this.fragments(other, cmd, data)) sink(packet);
    } else if (fault?.kind === 'drop-continuation' && packets.length > 1) {
      this.faults.shift();
      packets = packets.filter((_, index) => index !== 1);
    }
    for (const packet of packets) sink(packet);
  }
}
