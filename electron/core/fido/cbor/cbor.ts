import { decode, decodeFirst, encode } from 'cborg';

/**
 * CTAP2 canonical CBOR (CTAP 2.1 section 8): integer map keys, keys sorted length-first then
 * byte-wise (cborg's default, the RFC 7049 rule CTAP adopted), byte strings as Uint8Array.
 * Maps decode as Map so integer keys keep their type.
 */
const decodeOptions = { useMaps: true, rejectDuplicateMapKeys: true } as const;

export function encodeCbor(value: unknown): Uint8Array {
  return encode(value);
}

export function decodeCbor(bytes: Uint8Array): unknown {
  return decode(bytes, decodeOptions);
}

/** Decodes the first item and returns the bytes after it (authData embeds a COSE key mid-way). */
export function decodeCborFirst(bytes: Uint8Array): [unknown, Uint8Array] {
  return decodeFirst(bytes, decodeOptions);
}
