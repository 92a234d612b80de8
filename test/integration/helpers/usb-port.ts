import type { HidBackend } from '../../../electron/core/fido/hid/hid-connection';
import { createSocketBackend } from '../../../electron/core/fido/hid/socket-backend';

/**
 * The kiosk's USB port for tests and benches: a HID backend that lists the one virtual key
 * plugged in (served on a port), or nothing; `plug(null)` pulls it.
 */
export function usbPort(): { hid: HidBackend; plug(port: number | null): void } {
  let plugged: HidBackend | null = null;
  const hid: HidBackend = {
    kind: 'virtual',
    list: async () => (plugged ? plugged.list() : []),
    open: async (path) => {
      if (!plugged) throw new Error('no key plugged in');
      return plugged.open(path);
    },
  };
  return {
    hid,
    plug(port) {
      plugged = port === null ? null : createSocketBackend({ port });
    },
  };
}
