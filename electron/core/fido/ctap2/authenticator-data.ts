import { decodeCborFirst } from '../cbor/cbor';
import { malformed } from './ctap2-error';

/** authenticatorData flags (WebAuthn section 6.1). */
export const AuthDataFlag = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40, ED: 0x80 } as const;

export interface AttestedCredentialData {
  aaguid: Uint8Array;
  credentialId: Uint8Array;
  /** The COSE_Key as decoded (integer keys). */
  publicKey: Map<unknown, unknown>;
  publicKeyBytes: Uint8Array;
}

export interface AuthenticatorData {
  rpIdHash: Uint8Array;
  flags: number;
  signCount: number;
  attestedCredentialData: AttestedCredentialData | null;
  extensions: Map<unknown, unknown> | null;
}

/** Parses authenticatorData; anything truncated or inconsistent with its flags is malformed. */
export function parseAuthenticatorData(data: Uint8Array, what = 'authenticatorData'): AuthenticatorData {
  if (data.length < 37) throw malformed(what, `authenticatorData is ${data.length} bytes, shorter than 37.`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const flags = data[32] as number;
  let rest = data.subarray(37);
  let attested: AttestedCredentialData | null = null;
  if ((flags & AuthDataFlag.AT) !== 0) {
    if (rest.length < 18) throw malformed(what, 'the attested credential data is truncated.');
    const idLength = (rest[16] as number) * 256 + (rest[17] as number);
    if (rest.length < 18 + idLength) throw malformed(what, 'the credential ID is truncated.');
    const credentialId = rest.subarray(18, 18 + idLength);
    const keyStart = rest.subarray(18 + idLength);
    const [publicKey, after] = decodeItem(keyStart, what, 'credential public key');
    if (!(publicKey instanceof Map)) throw malformed(what, 'the credential public key is not a COSE map.');
    attested = {
      aaguid: rest.subarray(0, 16),
      credentialId,
      publicKey,
      publicKeyBytes: keyStart.subarray(0, keyStart.length - after.length),
    };
    rest = after;
  }
  let extensions: Map<unknown, unknown> | null = null;
  if ((flags & AuthDataFlag.ED) !== 0) {
    const [decoded, after] = decodeItem(rest, what, 'extensions');
    if (!(decoded instanceof Map)) throw malformed(what, 'the extensions are not a CBOR map.');
    extensions = decoded;
    rest = after;
  }
  if (rest.length !== 0) throw malformed(what, `${rest.length} bytes follow the authenticator data.`);
  return { rpIdHash: data.subarray(0, 32), flags, signCount: view.getUint32(33), attestedCredentialData: attested, extensions };
}

function decodeItem(bytes: Uint8Array, what: string, part: string): [unknown, Uint8Array] {
  try {
    return decodeCborFirst(bytes);
  } catch {
    throw malformed(what, `the ${part} is not valid CBOR.`);
  }
}
