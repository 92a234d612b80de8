import { encodeCbor, decodeCbor } from '../../../electron/core/fido/cbor/cbor';
import { ClientPinSubcommand, Ctap2Command } from '../../../electron/core/fido/ctap2/ctap2-constants';
import { CtapHidCommand, KeepaliveStatus } from '../../../electron/core/fido/ctaphid/ctaphid-constants';
import { fragmentMessage, MessageAssembler, packetChannel } from '../../../electron/core/fido/ctaphid/ctaphid-packets';
import type { HidBackend, HidConnection, HidDeviceDescriptor } from '../../../electron/core/fido/hid/hid-connection';
import { VirtualAuthenticator } from '../../../electron/core/fido/virtual';

/** One complete CTAPHID request the kiosk sent. */
export interface HostileRequest {
  cid: number;
  cmd: number;
  payload: Uint8Array;
}

/**
 * What the hostile key does with a request: `pass` lets the real virtual authenticator answer;
 * a message answers in its place; `silence` never answers; `processing` sends KEEPALIVE
 * (processing) forever; `hang` makes every later read of the OS handle never settle.
 */
export type HostileReply = 'pass' | 'silence' | 'processing' | 'hang' | { cmd: number; payload: Uint8Array };

export interface HostileScript {
  answer?(request: HostileRequest): HostileReply;
  /** close() of the OS handle never settles. */
  closeHangs?: boolean;
}

export const hostileDescriptor: HidDeviceDescriptor = { path: '/dev/hidraw-hostile', vendorId: 0x1234, productId: 0x5678, product: 'Hostile key', manufacturer: null, serialNumber: null };

/** A backend with one key: each open() wraps a fresh handle to `key` with the script for that open (0, 1, ...). */
export function hostileBackend(key: VirtualAuthenticator, scriptFor: (open: number) => HostileScript): HidBackend & { opens(): number } {
  let opens = 0;
  return {
    kind: 'hid',
    list: async () => [hostileDescriptor],
    open: async () => hostileConnection(key.connect(), scriptFor(opens++)),
    opens: () => opens,
  };
}

function hostileConnection(inner: HidConnection, script: HostileScript): HidConnection {
  const assemblers = new Map<number, MessageAssembler>();
  const held = new Map<number, Uint8Array[]>();
  const outbox: Uint8Array[] = [];
  let stalled: number | null = null;
  let hung = false;
  return {
    async write(report) {
      const cid = packetChannel(report);
      const assembler = assemblers.get(cid) ?? new MessageAssembler(cid);
      assemblers.set(cid, assembler);
      held.set(cid, [...(held.get(cid) ?? []), report]);
      const message = assembler.push(report);
      if (!message) return;
      const reports = held.get(cid) ?? [];
      held.delete(cid);
      const reply = script.answer?.({ cid, cmd: message.cmd, payload: message.payload }) ?? 'pass';
      if (reply === 'pass') for (const r of reports) await inner.write(r);
      else if (reply === 'processing') stalled = cid;
      else if (reply === 'hang') hung = true;
      else if (reply !== 'silence') outbox.push(...fragmentMessage(cid, reply.cmd, reply.payload));
    },
    async read(timeoutMs) {
      if (hung) return new Promise<never>(() => undefined);
      const own = outbox.shift();
      if (own) return own;
      if (stalled !== null) {
        await new Promise((r) => setTimeout(r, Math.min(timeoutMs, 50)));
        return fragmentMessage(stalled, CtapHidCommand.KEEPALIVE, Uint8Array.of(KeepaliveStatus.PROCESSING))[0] ?? null;
      }
      return inner.read(timeoutMs);
    },
    close() {
      const closed = inner.close();
      return script.closeHangs ? new Promise<never>(() => undefined) : closed;
    },
  };
}

export const isInit = (request: HostileRequest) => request.cmd === CtapHidCommand.INIT;
export const isCtap2 = (request: HostileRequest, command: number) => request.cmd === CtapHidCommand.CBOR && request.payload[0] === command;
export const isGetPinRetries = (request: HostileRequest) =>
  isCtap2(request, Ctap2Command.clientPIN) && (decodeCbor(request.payload.subarray(1)) as Map<number, unknown>).get(2) === ClientPinSubcommand.getPINRetries;

/** A CTAP2 answer: status byte, then the CBOR map when there is one. */
export function ctap2Reply(status: number, map?: Map<number, unknown>): HostileReply {
  return { cmd: CtapHidCommand.CBOR, payload: new Uint8Array([status, ...(map ? encodeCbor(map) : [])]) };
}

/** A plausible CTAP 2.1 getInfo (PIN set), with `members` replacing or adding members. */
export function getInfoMap(members: [number, unknown][] = []): Map<number, unknown> {
  return new Map<number, unknown>([
    [1, ['FIDO_2_0', 'FIDO_2_1']],
    [3, new Uint8Array(16).fill(0x42)],
    [4, new Map<string, boolean>([['rk', true], ['clientPin', true], ['pinUvAuthToken', true]])],
    [6, [2, 1]],
    ...members,
  ]);
}

/** Settles `promise` or gives up after `ms`: a hung call shows up as 'still pending', not as a stuck test. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | { error: unknown } | 'still pending'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<'still pending'>((resolve) => {
    timer = setTimeout(() => resolve('still pending'), ms);
  });
  const settled = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  try {
    return await Promise.race([settled, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}
