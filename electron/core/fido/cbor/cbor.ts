import { decode, encode } from 'cborg';

/**
 * CTAP2 canonical CBOR (CTAP 2.1 section 8): integer map keys, keys sorted length-first then
 * byte-wise (cborg's default, the RFC 7049 rule CTAP adopted), byte strings as Uint8Array.
 * Maps decode as Map so integer keys keep their type.
 */
export function encodeCbor(value: unknown): Uint8Array {
  return encode(value);
}

export function decodeCbor(bytes: Uint8Array): unknown {
  return decode(bytes, { useMaps: true, rejectDuplicateMapKeys: true });
}
