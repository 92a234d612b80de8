/** HID reports of a FIDO device are 64 bytes, without the report id. */
export const HID_REPORT_SIZE = 64;

/**
 * One open FIDO HID device, whatever carries it: node-hid, the loopback socket to the virtual
 * authenticator, or an in-memory pair in tests.
 */
export interface HidConnection {
  /** Sends one 64-byte report (the backend adds a report id where the OS needs one). */
  write(report: Uint8Array): Promise<void>;
  /** Reads one 64-byte report, or null when none arrived within timeoutMs. */
  read(timeoutMs: number): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

export interface HidDeviceDescriptor {
  /** Stable for as long as the device stays plugged in (the OS path). */
  path: string;
  vendorId: number;
  productId: number;
  product: string | null;
  manufacturer: string | null;
  serialNumber: string | null;
}

/** Lists and opens FIDO devices; node-hid in the shell, the socket backend in training and tests. */
export interface HidBackend {
  readonly kind: 'hid' | 'virtual';
  list(): Promise<HidDeviceDescriptor[]>;
  open(path: string): Promise<HidConnection>;
}
