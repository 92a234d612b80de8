import { describe, expect, it } from 'vitest';
import { HidAccessError, UDEV_RULE_PATH } from '../../electron/core/fido/hid/hid-access-error';
import type { HidBackend } from '../../electron/core/fido/hid/hid-connection';
import { AaguidCatalog } from '../../electron/core/fido/keys/aaguid-catalog';
import { KeyService } from '../../electron/core/fido/keys/key-service';

const descriptor = { path: '/dev/hidraw7', vendorId: 0x1050, productId: 0x0407, product: 'YubiKey', manufacturer: 'Yubico', serialNumber: null };

function serviceWhoseOpenFails(error: Error): KeyService {
  const backend: HidBackend = { kind: 'hid', list: async () => [descriptor], open: async () => { throw error; } };
  return new KeyService({ backend, catalog: AaguidCatalog.curated(), kioskMinPinLength: 6 });
}

describe('keys the OS will not let us open are listed as "no access", not as missing', () => {
  it('Linux without the udev rule: state noAccess with the udev hint', async () => {
    const [key] = await serviceWhoseOpenFails(new HidAccessError('linuxUdev')).list();
    expect(key).toMatchObject({ path: '/dev/hidraw7', state: 'noAccess', problem: { reason: 'key.accessUdev', params: { path: UDEV_RULE_PATH } }, pinState: null });
  });

  it('Windows without elevation: state noAccess with the administrator hint, and calls fail with key_access_denied', async () => {
    const keys = serviceWhoseOpenFails(new HidAccessError('windowsElevation'));
    const [key] = await keys.list();
    expect(key).toMatchObject({ state: 'noAccess', problem: { reason: 'key.accessWindows', params: {} } });
    await expect(keys.pinStatus(descriptor.path)).rejects.toMatchObject({ code: 'key_access_denied', details: { problem: 'windowsElevation' } });
  });

  it('a key that vanished between list and open is key_not_found', async () => {
    const keys = serviceWhoseOpenFails(new Error('cannot open device'));
    await expect(keys.pinStatus(descriptor.path)).rejects.toMatchObject({ code: 'key_not_found' });
  });
});
