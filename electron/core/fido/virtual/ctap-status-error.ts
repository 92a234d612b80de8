import { CtapStatusName } from '../ctap2/ctap2-constants';

/** Ends a CTAP2 command with a status byte; the device layer turns it into the one-byte reply. */
export class CtapStatusError extends Error {
  readonly status: number;

  constructor(status: number, why?: string) {
    const name = CtapStatusName[status] ?? `0x${status.toString(16)}`;
    super(why ? `${name}: ${why}` : name);
    this.name = 'CtapStatusError';
    this.status = status;
  }
}
