import { decodeCbor, encodeCbor } from '../cbor/cbor';
import type { CtapHidDevice, TransactOptions } from '../ctaphid/ctaphid-device';
import { CtapStatus } from './ctap2-constants';
import { CtapError, malformed } from './ctap2-error';

/** Integer-keyed CTAP2 parameters; undefined members are left out of the CBOR map. */
export type CtapParams = Record<number, unknown>;

export function paramsToMap(params: CtapParams): Map<number, unknown> {
  const map = new Map<number, unknown>();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) map.set(Number(key), value);
  return map;
}

export function encodeRequest(command: number, params?: CtapParams): Uint8Array {
  if (params === undefined) return Uint8Array.of(command);
  const body = encodeCbor(paramsToMap(params));
  const out = new Uint8Array(1 + body.length);
  out[0] = command;
  out.set(body, 1);
  return out;
}

/**
 * Status byte + CBOR map → the decoded map (empty for a bare OK). A non-zero status becomes a
 * CtapError with the status's name; bytes that are not a CBOR map become ERR_MALFORMED_RESPONSE.
 */
export function decodeResponse(response: Uint8Array, command: string): Map<unknown, unknown> {
  if (response.length === 0) throw malformed(command, 'it is empty.');
  const status = response[0] as number;
  if (status !== CtapStatus.CTAP2_OK) throw CtapError.fromStatus(status, command);
  if (response.length === 1) return new Map();
  let decoded: unknown;
  try {
    decoded = decodeCbor(response.subarray(1));
  } catch (error) {
    throw malformed(command, `not valid CBOR (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (!(decoded instanceof Map)) throw malformed(command, 'it is not a CBOR map.');
  return decoded;
}

/** Sends one CTAP2 command over CTAPHID_CBOR. */
export async function ctap2Call(
  device: CtapHidDevice,
  command: number,
  name: string,
  params?: CtapParams,
  options?: TransactOptions,
): Promise<Map<unknown, unknown>> {
  return decodeResponse(await device.cbor(encodeRequest(command, params), options), name);
}
