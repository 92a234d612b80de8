import { CtapStatus } from '../ctap2/ctap2-constants';
import { CtapStatusError } from './ctap-status-error';

/**
 * Typed access to the fields of a CTAP2 request map: a missing required field is
 * CTAP2_ERR_MISSING_PARAMETER, a field of the wrong CBOR type CTAP2_ERR_CBOR_UNEXPECTED_TYPE,
 * as section 6 asks of an authenticator.
 */
export type CborMap = Map<unknown, unknown>;

function unexpected(what: string): CtapStatusError {
  return new CtapStatusError(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE, what);
}

function missing(what: string): CtapStatusError {
  return new CtapStatusError(CtapStatus.CTAP2_ERR_MISSING_PARAMETER, what);
}

export function asMap(value: unknown, what: string): CborMap {
  if (!(value instanceof Map)) throw unexpected(`${what} is not a map`);
  return value;
}

export function optionalBytes(map: CborMap, key: unknown, what: string): Uint8Array | undefined {
  const value = map.get(key);
  if (value === undefined) return undefined;
  if (!(value instanceof Uint8Array)) throw unexpected(`${what} is not a byte string`);
  return value;
}

export function requireBytes(map: CborMap, key: unknown, what: string): Uint8Array {
  const value = optionalBytes(map, key, what);
  if (value === undefined) throw missing(what);
  return value;
}

export function optionalText(map: CborMap, key: unknown, what: string): string | undefined {
  const value = map.get(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw unexpected(`${what} is not a text string`);
  return value;
}

export function requireText(map: CborMap, key: unknown, what: string): string {
  const value = optionalText(map, key, what);
  if (value === undefined) throw missing(what);
  return value;
}

export function optionalInt(map: CborMap, key: unknown, what: string): number | undefined {
  const value = map.get(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw unexpected(`${what} is not an integer`);
  return value;
}

export function requireInt(map: CborMap, key: unknown, what: string): number {
  const value = optionalInt(map, key, what);
  if (value === undefined) throw missing(what);
  return value;
}

export function optionalMap(map: CborMap, key: unknown, what: string): CborMap | undefined {
  const value = map.get(key);
  return value === undefined ? undefined : asMap(value, what);
}

export function requireMap(map: CborMap, key: unknown, what: string): CborMap {
  const value = optionalMap(map, key, what);
  if (value === undefined) throw missing(what);
  return value;
}

export function optionalArray(map: CborMap, key: unknown, what: string): unknown[] | undefined {
  const value = map.get(key);
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw unexpected(`${what} is not an array`);
  return value;
}

export function optionalBool(map: CborMap, key: unknown, what: string): boolean | undefined {
  const value = map.get(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw unexpected(`${what} is not a boolean`);
  return value;
}

/** PublicKeyCredentialDescriptor list entries: {type, id}; entries of other types are skipped. */
export function credentialIds(list: unknown[] | undefined, what: string): Uint8Array[] {
  if (list === undefined) return [];
  const ids: Uint8Array[] = [];
  for (const entry of list) {
    const descriptor = asMap(entry, what);
    const type = requireText(descriptor, 'type', `${what} type`);
    const id = requireBytes(descriptor, 'id', `${what} id`);
    if (type === 'public-key') ids.push(id);
  }
  return ids;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a).equals(Buffer.from(b));
}
