import { existsSync } from 'node:fs';
import { HID_REPORT_SIZE, type HidBackend, type HidConnection, type HidDeviceDescriptor } from './hid-connection';
import { mapHidOpenError } from './hid-access-error';

/** The part of node-hid 3 we use; injectable so filtering and framing are testable without a key. */
export interface NodeHidDevice {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  serialNumber?: string | undefined;
  manufacturer?: string | undefined;
  product?: string | undefined;
  usagePage?: number | undefined;
  usage?: number | undefined;
}

export interface NodeHidAsyncHandle {
  write(values: number[] | Buffer): Promise<number>;
  read(timeOut?: number): Promise<Buffer | undefined>;
  close(): Promise<void>;
}

export interface NodeHidModule {
  devicesAsync(): Promise<NodeHidDevice[]>;
  setDriverType(type: 'hidraw' | 'libusb'): void;
  HIDAsync: { open(path: string, options?: { nonExclusive?: boolean }): Promise<NodeHidAsyncHandle> };
}

export const FIDO_USAGE_PAGE = 0xf1d0;
export const FIDO_USAGE = 0x01;
/** A read never blocks longer than this: node-hid queues per device, a CANCEL must get through. */
export const MAX_READ_MS = 250;

export function isFidoDevice(device: NodeHidDevice): device is NodeHidDevice & { path: string } {
  return device.usagePage === FIDO_USAGE_PAGE && device.usage === FIDO_USAGE && typeof device.path === 'string' && device.path.length > 0;
}

export function toDescriptor(device: NodeHidDevice & { path: string }): HidDeviceDescriptor {
  return {
    path: device.path,
    vendorId: device.vendorId,
    productId: device.productId,
    product: device.product || null,
    manufacturer: device.manufacturer || null,
    serialNumber: device.serialNumber || null,
  };
}

/** hidapi wants the report id first; FIDO keys use unnumbered reports, so 0x00 + 64 bytes. */
export function withReportId(report: Uint8Array): Buffer {
  if (report.length !== HID_REPORT_SIZE) throw new RangeError(`A FIDO HID report is ${HID_REPORT_SIZE} bytes, not ${report.length}.`);
  const out = Buffer.alloc(HID_REPORT_SIZE + 1);
  out.set(report, 1);
  return out;
}

class NodeHidConnection implements HidConnection {
  constructor(private readonly handle: NodeHidAsyncHandle) {}

  async write(report: Uint8Array): Promise<void> {
    await this.handle.write(withReportId(report));
  }

  async read(timeoutMs: number): Promise<Uint8Array | null> {
    const data = await this.handle.read(Math.max(1, Math.min(timeoutMs, MAX_READ_MS)));
    return data && data.length > 0 ? new Uint8Array(data) : null;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

export interface NodeHidBackendOptions {
  /** Defaults to the real node-hid, loaded on first use. */
  hid?: NodeHidModule;
  platform?: NodeJS.Platform;
}

/** Real keys over USB HID (DESIGN.md section 3). */
export function createNodeHidBackend(options: NodeHidBackendOptions = {}): HidBackend {
  const platform = options.platform ?? process.platform;
  let loaded: Promise<NodeHidModule> | null = null;
  const hid = () => {
    loaded ??= (options.hid ? Promise.resolve(options.hid) : loadNodeHid()).then((module) => {
      // libusb cannot see usage pages; hidraw must be chosen before the binding loads.
      if (platform === 'linux') module.setDriverType('hidraw');
      return module;
    });
    return loaded;
  };
  return {
    kind: 'hid',
    async list() {
      const devices = await (await hid()).devicesAsync();
      return devices.filter(isFidoDevice).map(toDescriptor);
    },
    async open(path) {
      const module = await hid();
      try {
        // macOS: non-exclusive, so the OS and browsers keep their access to the key.
        const handle = await module.HIDAsync.open(path, platform === 'darwin' ? { nonExclusive: true } : undefined);
        return new NodeHidConnection(handle);
      } catch (error) {
        // On Linux the hidraw node vanishes with the key: that is "unplugged", not "no access".
        if (platform === 'linux' && path.startsWith('/dev/') && !existsSync(path)) throw error;
        throw mapHidOpenError(error, path, platform);
      }
    },
  };
}

async function loadNodeHid(): Promise<NodeHidModule> {
  const module = (await import('node-hid')) as unknown as NodeHidModule & { default?: NodeHidModule };
  return module.default ?? module;
}
