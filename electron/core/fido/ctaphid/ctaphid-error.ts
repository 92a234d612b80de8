import { CtapHidErrorName } from './ctaphid-constants';

/**
 * A failure of the CTAPHID transport: an ERROR frame from the device (its CTAPHID name, e.g.
 * ERR_INVALID_SEQ) or a framing problem we detected ourselves (ERR_INVALID_LEN, ERR_TIMEOUT...).
 */
export class CtapHidError extends Error {
  override readonly name: string;
  /** The CTAPHID error code when the device sent one. */
  readonly code: number | null;

  constructor(name: string, message: string, code: number | null = null) {
    super(message);
    this.name = name;
    this.code = code;
  }

  static fromDevice(code: number): CtapHidError {
    const name = CtapHidErrorName[code] ?? `ERR_UNKNOWN_0x${code.toString(16).padStart(2, '0')}`;
    return new CtapHidError(name, `The key reported the transport error ${name}.`, code);
  }
}

/** The command was cancelled by us (a CANCEL sent, or the caller's AbortSignal fired). */
export const CANCELLED = 'ERR_CANCELLED';
/** No answer within the deadline of one wait. */
export const TIMEOUT = 'ERR_TIMEOUT';
/** The key sent nothing at all, not even a KEEPALIVE, for longer than a working key ever does. */
export const SILENT = 'ERR_SILENT';
/** The device went away (read or write failed at the HID level). */
export const DEVICE_GONE = 'ERR_DEVICE_GONE';
