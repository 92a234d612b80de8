import { CtapStatusName } from './ctap2-constants';

/**
 * A CTAP2 failure: a status byte from the key (name as in CTAP 2.1 section 8.2, e.g.
 * CTAP2_ERR_PIN_INVALID) or a response we could not accept (CTAP2_ERR_INVALID_CBOR and the
 * client-side ERR_MALFORMED_RESPONSE).
 */
export class CtapError extends Error {
  override readonly name: string;
  /** The status byte when the key sent one. */
  readonly status: number | null;

  constructor(name: string, message: string, status: number | null = null) {
    super(message);
    this.name = name;
    this.status = status;
  }

  static fromStatus(status: number, command: string): CtapError {
    const name = CtapStatusName[status] ?? `CTAP_ERR_UNKNOWN_0x${status.toString(16).padStart(2, '0')}`;
    return new CtapError(name, `The key refused ${command} with ${name}.`, status);
  }
}

export const MALFORMED_RESPONSE = 'ERR_MALFORMED_RESPONSE';

export function malformed(what: string, detail: string): CtapError {
  return new CtapError(MALFORMED_RESPONSE, `The key's ${what} response is malformed: ${detail}`);
}
