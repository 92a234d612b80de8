import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor } from '../../electron/core/fido/cbor/cbor';
import { decodeResponse } from '../../electron/core/fido/ctap2/ctap2-transport';
import { ctap2ToWebAuthnAttestation } from '../../electron/core/fido/keys/attestation-translation';
import { toRegistrationResponse } from '../../electron/core/fido/keys/registration-plan';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const vectorsFile = resolve(repoRoot, '..', 'shared', 'vectors', 'webauthn-l3-registration.json');
const present = existsSync(vectorsFile);

interface Vector {
  challenge: string;
  clientDataJSON: string;
  attestationObject: string;
  credential_id: string;
}
const vectors: Record<string, Vector> = present ? JSON.parse(readFileSync(vectorsFile, 'utf8')) : {};
const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

/** What a key would put on the wire: status 0x00 + the CTAP2 map with integer keys 1 fmt, 2 authData, 3 attStmt. */
function asCtap2Wire(webauthnAttestationObject: Uint8Array): Uint8Array {
  const decoded = decodeCbor(webauthnAttestationObject) as Map<string, unknown>;
  const ctap2 = new Map<number, unknown>([
    [1, decoded.get('fmt')],
    [2, decoded.get('authData')],
    [3, decoded.get('attStmt')],
  ]);
  return new Uint8Array([0, ...encodeCbor(ctap2)]);
}

describe('W3C WebAuthn L3 registration vectors through our CTAP2 → WebAuthn translation', () => {
  it('the vector file holds the three entries we check', (ctx) => {
    if (!present) ctx.skip('../shared/vectors not present');
    expect(Object.keys(vectors)).toEqual(expect.arrayContaining(['none-es256', 'packed-self-es256', 'packed-es256']));
  });

  for (const name of ['none-es256', 'packed-self-es256', 'packed-es256']) {
    it(`${name}: the attestation object round-trips byte for byte and verifyRegistrationResponse accepts it`, async (ctx) => {
      if (!present) ctx.skip('../shared/vectors not present');
      const vector = vectors[name]!;
      const original = hex(vector.attestationObject);
      const ctap2Map = decodeResponse(asCtap2Wire(original), 'makeCredential');
      expect(Buffer.from(ctap2ToWebAuthnAttestation(ctap2Map, 'direct').attestationObject).toString('hex')).toBe(vector.attestationObject);

      const outcome = toRegistrationResponse(ctap2Map, hex(vector.clientDataJSON), null, 'direct');
      expect(Buffer.from(outcome.credentialId).toString('hex')).toBe(vector.credential_id);
      expect(outcome.response.response.attestationObject).toBe(Buffer.from(original).toString('base64url'));

      const verification = await verifyRegistrationResponse({
        response: outcome.response,
        expectedChallenge: Buffer.from(hex(vector.challenge)).toString('base64url'),
        expectedOrigin: 'https://example.org',
        expectedRPID: 'example.org',
        requireUserVerification: false,
      });
      expect(verification.verified).toBe(true);
      expect(verification.registrationInfo?.fmt).toBe(name.startsWith('none') ? 'none' : 'packed');
    });
  }
});
