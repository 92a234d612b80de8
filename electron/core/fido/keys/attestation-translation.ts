import { z } from 'zod';
import { encodeCbor } from '../cbor/cbor';
import { malformed } from '../ctap2/ctap2-error';

const ctap2AttestationSchema = z.object({
  fmt: z.string().min(1),
  authData: z.instanceof(Uint8Array),
  attStmt: z.map(z.string(), z.unknown()),
});

/**
 * The CTAP2 makeCredential response uses integer keys (1 fmt, 2 authData, 3 attStmt);
 * WebAuthn's attestation object uses text keys (WebAuthn L3 section 6.5.4). attStmt and
 * authData pass through untouched: re-encoding cborg's decoded values is canonical CBOR again.
 */
export function ctap2ToWebAuthnAttestationObject(response: Map<unknown, unknown>): Uint8Array {
  const parsed = ctap2AttestationSchema.safeParse({ fmt: response.get(1), authData: response.get(2), attStmt: response.get(3) });
  if (!parsed.success) throw malformed('makeCredential', 'fmt, authData or attStmt is missing or of the wrong type.');
  const { fmt, attStmt, authData } = parsed.data;
  return encodeCbor(new Map<string, unknown>([['fmt', fmt], ['attStmt', attStmt], ['authData', authData]]));
}
