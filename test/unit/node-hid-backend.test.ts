import { describe, expect, it } from 'vitest';
import { DeviceWatcher } from '../../electron/core/fido/hid/device-watcher';
import { HidAccessError, mapHidOpenError } from '../../electron/core/fido/hid/hid-access-error';
import type { HidBackend, HidDeviceDescriptor } from '../../electron/core/fido/hid/hid-connection';
import {
  createNodeHidBackend,
  isFidoDevice,
  withReportId,
  type NodeHidAsyncHandle,
  type NodeHidDevice,
  type NodeHidModule,
} from '../../electron/core/fido/hid/node-hid-backend';

const yubikeyFido: NodeHidDevice = { vendorId: 0x1050, productId: 0x0407, path: '/dev/hidraw3', product: 'YubiKey OTP+FIDO+CCID', usagePage: 0xf1d0, usage: 1 };
const yubikeyKeyboard: NodeHidDevice = { vendorId: 0x1050, productId: 0x0407, path: '/dev/hidraw2', product: 'YubiKey OTP+FIDO+CCID', usagePage: 1, usage: 6 };
const u2fOnlyOtherUsage: NodeHidDevice = { vendorId: 0x096e, productId: 0x0858, path: '/dev/hidraw4', usagePage: 0xf1d0, usage: 2 };
const noPath: NodeHidDevice = { vendorId: 1, productId: 2, usagePage: 0xf1d0, usage: 1 };

/** Records what the backend asks of node-hid; the FIDO filtering and framing logic is ours. */
function recordingModule(devices: NodeHidDevice[], openError?: Error) {
  const calls = { driver: [] as string[], opened: [] as Array<{ path: string; options: unknown }>, written: [] as Buffer[] };
  const handle: NodeHidAsyncHandle = {
    write: async (values) => {
      calls.written.push(Buffer.from(values as Buffer));
      return 65;
    },
    read: async () => undefined,
    close: async () => undefined,
  };
  const module: NodeHidModule = {
    devicesAsync: async () => devices,
    setDriverType: (type) => calls.driver.push(type),
    HIDAsync: {
      open: async (path, options) => {
        calls.opened.push({ path, options });
        if (openError) throw openError;
        return handle;
      },
    },
  };
  return { module, calls };
}

describe('node-hid backend', () => {
  it('loads the real node-hid with the hidraw driver and lists no FIDO devices on this machine', async () => {
    const backend = createNodeHidBackend();
    expect(backend.kind).toBe('hid');
    await expect(backend.list()).resolves.toEqual([]);
  });

  it('keeps only usage page 0xF1D0 / usage 1 interfaces with a path', async () => {
    expect([yubikeyFido, yubikeyKeyboard, u2fOnlyOtherUsage, noPath].filter(isFidoDevice)).toEqual([yubikeyFido]);
    const { module, calls } = recordingModule([yubikeyKeyboard, yubikeyFido]);
    const list = await createNodeHidBackend({ hid: module, platform: 'linux' }).list();
    expect(list).toEqual([{ path: '/dev/hidraw3', vendorId: 0x1050, productId: 0x0407, product: 'YubiKey OTP+FIDO+CCID', manufacturer: null, serialNumber: null }]);
    expect(calls.driver).toEqual(['hidraw']);
  });

  it('prepends report id 0x00 to every 64-byte report (65 bytes written)', async () => {
    const report = Uint8Array.from({ length: 64 }, (_, i) => i + 1);
    const framed = withReportId(report);
    expect(framed.length).toBe(65);
    expect(framed[0]).toBe(0);
    expect([...framed.subarray(1)]).toEqual([...report]);
    expect(() => withReportId(new Uint8Array(65))).toThrow(RangeError);
    const { module, calls } = recordingModule([yubikeyFido]);
    const connection = await createNodeHidBackend({ hid: module, platform: 'linux' }).open('/dev/hidraw3');
    await connection.write(report);
    expect(calls.written[0]).toEqual(framed);
    await expect(connection.read(100)).resolves.toBeNull();
  });

  it('opens non-exclusively on macOS only', async () => {
    const mac = recordingModule([yubikeyFido]);
    await createNodeHidBackend({ hid: mac.module, platform: 'darwin' }).open('DevSrvsID:4294969115');
    expect(mac.calls.opened[0]!.options).toEqual({ nonExclusive: true });
    expect(mac.calls.driver).toEqual([]);
    const linux = recordingModule([yubikeyFido]);
    await createNodeHidBackend({ hid: linux.module, platform: 'linux' }).open('/dev/hidraw3');
    expect(linux.calls.opened[0]!.options).toBeUndefined();
  });

  it('a refused open becomes a typed access state, not "no key found"', async () => {
    const { module } = recordingModule([yubikeyFido], new Error('cannot open device with path \\\\?\\hid#vid_1050'));
    const error = await createNodeHidBackend({ hid: module, platform: 'win32' }).open('\\\\?\\hid#vid_1050').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HidAccessError);
    expect(error).toMatchObject({ problem: 'windowsElevation' });
    expect((error as Error).message).toMatch(/elevated process.*administrator/);
  });

  it('on Linux a vanished hidraw node is reported as gone, not as an access problem', async () => {
    const { module } = recordingModule([], new Error('cannot open device with path /dev/hidraw-gone-for-test'));
    const error = await createNodeHidBackend({ hid: module, platform: 'linux' }).open('/dev/hidraw-gone-for-test').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(HidAccessError);
  });

  it('maps Linux EACCES to the udev rule hint, and other failures to a generic hint', () => {
    const eacces = mapHidOpenError(new Error('cannot open device with path /dev/hidraw3'), '/dev/hidraw3', 'linux', () => false);
    expect(eacces.problem).toBe('linuxUdev');
    expect(eacces.message).toContain('install the udev rule (resources/linux/70-fido-kiosk.rules)');
    expect(mapHidOpenError(new Error('Permission denied'), '/dev/hidraw3', 'linux', () => true).problem).toBe('linuxUdev');
    expect(mapHidOpenError(new Error('busy'), '/dev/hidraw3', 'linux', () => true).problem).toBe('openFailed');
    expect(mapHidOpenError(new Error('busy'), 'IOService:/x', 'darwin').problem).toBe('openFailed');
  });
});

describe('device watcher (hotplug by polling)', () => {
  it('emits attach for new devices and detach for vanished ones, once each', async () => {
    let present: HidDeviceDescriptor[] = [];
    const backend: HidBackend = { kind: 'virtual', list: async () => present, open: async () => { throw new Error('not used'); } };
    const log: string[] = [];
    const watcher = new DeviceWatcher(backend, {
      attached: (d) => log.push(`+${d.path}`),
      detached: (d) => log.push(`-${d.path}`),
      error: (e) => log.push(`!${String(e)}`),
    });
    const key = (path: string): HidDeviceDescriptor => ({ path, vendorId: 1, productId: 2, product: null, manufacturer: null, serialNumber: null });
    await watcher.poll();
    present = [key('a'), key('b')];
    await watcher.poll();
    await watcher.poll();
    present = [key('b')];
    await watcher.poll();
    expect(log).toEqual(['+a', '+b', '-a']);
    expect(watcher.present().map((d) => d.path)).toEqual(['b']);
  });
});
