import { createSocket, type Socket } from 'node:dgram';
import { ReportQueue } from '../virtual/report-queue';
import { HID_REPORT_SIZE, type HidBackend, type HidConnection, type HidDeviceDescriptor } from './hid-connection';

export interface SocketBackendOptions {
  host?: '127.0.0.1';
  port: number;
  /** How long list() waits for the server to answer its probe. */
  probeTimeoutMs?: number;
}

export const VIRTUAL_PRODUCT_NAME = 'Virtual authenticator (TRAINING)';
/**
 * A waiting key sends KEEPALIVE every 100 ms. After this long without a report the server is
 * probed; if it does not answer, the key counts as unplugged, as a failed read on a real one.
 */
const QUIET_BEFORE_PROBE_MS = 1_000;

/**
 * The loopback socket backend: one UDP datagram per 64-byte HID report, to the virtual
 * authenticator server (training mode and tests). list() shows the one virtual device only
 * while the server answers, so stopping the server looks like unplugging a key.
 */
export function createSocketBackend(options: SocketBackendOptions): HidBackend {
  const host = options.host ?? '127.0.0.1';
  const path = `virtual:${host}:${options.port}`;
  const descriptor: HidDeviceDescriptor = {
    path,
    vendorId: 0,
    productId: 0,
    product: VIRTUAL_PRODUCT_NAME,
    manufacturer: 'Enrollment Kiosk',
    serialNumber: null,
  };
  return {
    kind: 'virtual',
    async list() {
      return (await probe(host, options.port, options.probeTimeoutMs ?? 250)) ? [descriptor] : [];
    },
    async open(requested) {
      if (requested !== path) throw new Error(`no virtual authenticator at ${requested} (this backend serves ${path})`);
      return openSocketConnection(host, options.port);
    },
  };
}

async function connectedSocket(host: string, port: number): Promise<Socket> {
  const socket = createSocket({ type: 'udp4' });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.connect(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return socket;
}

/**
 * A packet on channel 0 is always answered with ERR_INVALID_CHANNEL and changes nothing on
 * the device: a side-effect-free "are you there".
 */
async function probe(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const socket = await connectedSocket(host, port);
  try {
    const answered = new Promise<boolean>((resolve) => {
      socket.on('message', (message) => resolve(message.length === HID_REPORT_SIZE && message.readUInt32BE(0) === 0));
      socket.on('error', () => resolve(false));
      setTimeout(() => resolve(false), timeoutMs);
    });
    const report = Buffer.alloc(HID_REPORT_SIZE);
    report[4] = 0x80 | 0x01;
    socket.send(report);
    return await answered;
  } finally {
    socket.close();
  }
}

export async function openSocketConnection(host: string, port: number): Promise<HidConnection> {
  const socket = await connectedSocket(host, port);
  const queue = new ReportQueue();
  socket.on('message', (message) => {
    if (message.length === HID_REPORT_SIZE) queue.push(new Uint8Array(message));
  });
  // ICMP "port unreachable" when the server is gone: the quiet-read probe below notices it.
  socket.on('error', () => undefined);
  let open = true;
  let quietSince = Date.now();
  return {
    async write(report) {
      if (!open) throw new Error('the virtual authenticator connection is closed');
      if (report.length !== HID_REPORT_SIZE) throw new Error(`a HID report is ${HID_REPORT_SIZE} bytes, got ${report.length}`);
      await new Promise<void>((resolve, reject) => socket.send(report, (error) => (error ? reject(error) : resolve())));
      quietSince = Date.now();
    },
    async read(timeoutMs) {
      const report = await queue.read(timeoutMs);
      if (report) {
        quietSince = Date.now();
        return report;
      }
      if (Date.now() - quietSince >= QUIET_BEFORE_PROBE_MS) {
        if (!(await probe(host, port, 250))) throw new Error('the virtual key stopped answering (unplugged)');
        quietSince = Date.now();
      }
      return null;
    },
    async close() {
      if (!open) return;
      open = false;
      queue.close();
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

