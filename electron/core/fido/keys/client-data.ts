import { createHash } from 'node:crypto';

export interface ClientDataInput {
  type: 'webauthn.create' | 'webauthn.get';
  /** base64url, copied verbatim from the RP's options. */
  challenge: string;
  origin: string;
}

/**
 * clientDataJSON in the member order of WebAuthn L3 section 5.8.1.1 (type, challenge, origin,
 * crossOrigin): object literal key order is preserved by JSON.stringify, whose string
 * escaping matches the spec's "serialize a JSON string".
 */
export function buildClientDataJSON(input: ClientDataInput): Uint8Array {
  const json = JSON.stringify({ type: input.type, challenge: input.challenge, origin: input.origin, crossOrigin: false });
  return new TextEncoder().encode(json);
}

export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}
