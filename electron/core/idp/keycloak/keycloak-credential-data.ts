import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { decode, encode } from 'cborg';
import { z } from 'zod';
import type { VerifiedRegistration } from '../webauthn/local-registration';

/**
 * The `credentialData` of a Keycloak `webauthn-passwordless` credential, with exactly the
 * fields the contracts README names. Encodings follow Keycloak's WebAuthnCredentialData:
 * credentialId standard base64, credentialPublicKey base64url of the COSE key, and the
 * attestation statement as base64url of CBOR {fmt, attStmt} (webauthn4j's serialization
 * container, which Keycloak stores).
 */
export const keycloakWebauthnCredentialDataSchema = z
  .object({
    aaguid: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i),
    credentialId: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
    credentialPublicKey: z.string().regex(/^[A-Za-z0-9_-]+$/),
    counter: z.number().int().min(0),
    attestationStatementFormat: z.string().min(1),
    attestationStatement: z.string(),
    transports: z.array(z.string()),
  })
  .strict();
export type KeycloakWebauthnCredentialData = z.infer<typeof keycloakWebauthnCredentialDataSchema>;

export function credentialIdToStandardBase64(base64urlId: string): string {
  return Buffer.from(base64urlId, 'base64url').toString('base64');
}

export function buildWebauthnCredentialData(info: VerifiedRegistration, response: RegistrationResponseJSON): KeycloakWebauthnCredentialData {
  const attestation = decode(info.attestationObject) as { fmt: string; attStmt: unknown };
  const container = encode({ fmt: attestation.fmt, attStmt: attestation.attStmt });
  return {
    aaguid: info.aaguid,
    credentialId: credentialIdToStandardBase64(info.credential.id),
    credentialPublicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
    counter: info.credential.counter,
    attestationStatementFormat: info.fmt,
    attestationStatement: Buffer.from(container).toString('base64url'),
    transports: response.response.transports ?? info.credential.transports ?? [],
  };
}
