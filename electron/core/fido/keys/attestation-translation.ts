import { z } from 'zod';
import { encodeCbor } from '../cbor/cbor';
import { AuthDataFlag } from '../ctap2/authenticator-data';
import { malformed } from '../ctap2/ctap2-error';

export type AttestationConveyance = 'none' | 'indirect' | 'direct' | 'enterprise';

export interface WebAuthnAttestation {
  attestationObject: Uint8Array;
  /** The authenticator data inside the attestation object (AAGUID zeroed for "none"). */
  authData: Uint8Array;
}

const ctap2AttestationSchema = z.object({
  fmt: z.string().min(1),
  authData: z.instanceof(Uint8Array),
  attStmt: z.map(z.string(), z.unknown()),
});

/** rpIdHash (32), flags (1), signCount (4), then the attested credential data starts with the AAGUID. */
const AAGUID_OFFSET = 37;
const AAGUID_LENGTH = 16;

/**
 * The CTAP2 makeCredential response uses integer keys (1 fmt, 2 authData, 3 attStmt);
 * WebAuthn's attestation object uses text keys (WebAuthn L3 section 6.5.4). Re-encoding cborg's
 * decoded values is canonical CBOR again. When the RP asked for no attestation, the client
 * replaces it as a browser does (WebAuthn section 5.1.3, conveyance "none"): fmt "none", an
 * empty attStmt and a zero AAGUID, unless it is already AAGUID-less packed self attestation.
 */
export function ctap2ToWebAuthnAttestation(response: Map<unknown, unknown>, conveyance: AttestationConveyance): WebAuthnAttestation {
  const parsed = ctap2AttestationSchema.safeParse({ fmt: response.get(1), authData: response.get(2), attStmt: response.get(3) });
  if (!parsed.success) throw malformed('makeCredential', 'fmt, authData or attStmt is missing or of the wrong type.');
  const { fmt, attStmt, authData } = parsed.data;
  if (conveyance !== 'none' || isAnonymousSelfAttestation(fmt, attStmt, authData)) {
    return { attestationObject: attestationObject(fmt, attStmt, authData), authData };
  }
  const anonymous = withZeroAaguid(authData);
  return { attestationObject: attestationObject('none', new Map(), anonymous), authData: anonymous };
}

function attestationObject(fmt: string, attStmt: Map<string, unknown>, authData: Uint8Array): Uint8Array {
  return encodeCbor(new Map<string, unknown>([['fmt', fmt], ['attStmt', attStmt], ['authData', authData]]));
}

function hasAttestedCredential(authData: Uint8Array): boolean {
  return authData.length >= AAGUID_OFFSET + AAGUID_LENGTH && ((authData[32] ?? 0) & AuthDataFlag.AT) !== 0;
}

function isAnonymousSelfAttestation(fmt: string, attStmt: Map<string, unknown>, authData: Uint8Array): boolean {
  const aaguid = authData.subarray(AAGUID_OFFSET, AAGUID_OFFSET + AAGUID_LENGTH);
  return fmt === 'packed' && !attStmt.has('x5c') && hasAttestedCredential(authData) && aaguid.every((b) => b === 0);
}

function withZeroAaguid(authData: Uint8Array): Uint8Array {
  const copy = new Uint8Array(authData);
  if (hasAttestedCredential(copy)) copy.fill(0, AAGUID_OFFSET, AAGUID_OFFSET + AAGUID_LENGTH);
  return copy;
}
