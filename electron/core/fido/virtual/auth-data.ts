import { createHash } from 'node:crypto';
import { encodeCbor } from '../cbor/cbor';
import { VIRTUAL_AUTHENTICATOR_AAGUID_BYTES } from './virtual-aaguid';
import { coseEs256PublicKey } from './credential-keys';

/** Authenticator data flags (WebAuthn section 6.1). */
export const AuthDataFlag = { UP: 0x01, UV: 0x04, AT: 0x40, ED: 0x80 } as const;

export function rpIdHashOf(rpId: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(rpId, 'utf8').digest());
}

export interface AttestedCredential {
  credentialId: Uint8Array;
  x: Uint8Array;
  y: Uint8Array;
}

/** rpIdHash || flags || signCount (big-endian) || [attested credential data] || [extensions]. */
export function buildAuthData(
  rpIdHash: Uint8Array,
  flags: { up: boolean; uv: boolean },
  signCount: number,
  attested?: AttestedCredential,
  extensions?: Map<string, unknown>,
): Uint8Array {
  const parts: Uint8Array[] = [rpIdHash];
  let flagByte = (flags.up ? AuthDataFlag.UP : 0) | (flags.uv ? AuthDataFlag.UV : 0);
  if (attested) flagByte |= AuthDataFlag.AT;
  if (extensions && extensions.size > 0) flagByte |= AuthDataFlag.ED;
  const header = Buffer.alloc(5);
  header.writeUInt8(flagByte, 0);
  header.writeUInt32BE(signCount >>> 0, 1);
  parts.push(header);
  if (attested) {
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(attested.credentialId.length, 0);
    parts.push(VIRTUAL_AUTHENTICATOR_AAGUID_BYTES, idLength, attested.credentialId, encodeCbor(coseEs256PublicKey(attested.x, attested.y)));
  }
  if (extensions && extensions.size > 0) parts.push(encodeCbor(extensions));
  return new Uint8Array(Buffer.concat(parts));
}
