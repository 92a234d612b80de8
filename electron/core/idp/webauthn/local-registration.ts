import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
  type VerifiedRegistrationResponse,
} from '@simplewebauthn/server';
import { z } from 'zod';
import { message } from '../../../../shared/contract/messages';
import { IdpError } from '../idp-error';

/**
 * For IdPs that accept an imported credential (Keycloak, the training IdP) the kiosk is the
 * relying party's stand-in: it issues the challenge and verifies the registration exactly as
 * the IdP would (origin, RP ID, challenge, user verification) before anything is sent.
 */

export const localChallengeHandleSchema = z.object({
  userId: z.string().min(1),
  challenge: z.string().min(16),
  rpId: z.string().min(1),
  origin: z.string().min(1),
  expiresAt: z.string(),
  /** The relying party's signature algorithms (COSE ids); absent: every one the verifier knows. */
  algorithms: z.array(z.number().int()).min(1).optional(),
});
export type LocalChallengeHandle = z.infer<typeof localChallengeHandleSchema>;

export interface LocalRelyingParty {
  rpId: string;
  rpName: string;
  origin: string;
}

const CHALLENGE_LIFETIME_MS = 24 * 60 * 60 * 1000;

export async function issueLocalChallenge(
  rp: LocalRelyingParty,
  user: { id: string; username: string; displayName: string },
  excludeCredentialIds: string[],
  now: Date,
  /** The IdP's own signature algorithms in its order of preference, so the key makes a credential the IdP's registration would. */
  algorithms: number[] = [],
): Promise<{ options: PublicKeyCredentialCreationOptionsJSON; handle: LocalChallengeHandle }> {
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpId,
    userName: user.username,
    userDisplayName: user.displayName,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'direct',
    excludeCredentials: excludeCredentialIds.map((id) => ({ id })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required', authenticatorAttachment: 'cross-platform' },
    timeout: 120_000,
    ...(algorithms.length > 0 && { supportedAlgorithmIDs: algorithms }),
  });
  const expiresAt = new Date(now.getTime() + CHALLENGE_LIFETIME_MS).toISOString();
  return { options, handle: { userId: user.id, challenge: options.challenge, rpId: rp.rpId, origin: rp.origin, expiresAt, ...(algorithms.length > 0 && { algorithms }) } };
}

export type VerifiedRegistration = Extract<VerifiedRegistrationResponse, { verified: true }>['registrationInfo'];

/** Throws IdpError('permanent') when the key's answer would not be accepted by the IdP. */
export async function verifyLocalRegistration(handle: LocalChallengeHandle, response: RegistrationResponseJSON, idpLabel: string): Promise<VerifiedRegistration> {
  let result: VerifiedRegistrationResponse;
  try {
    result = await verifyRegistrationResponse({
      response,
      expectedChallenge: handle.challenge,
      expectedOrigin: handle.origin,
      expectedRPID: handle.rpId,
      requireUserVerification: true,
      ...(handle.algorithms && { supportedAlgorithmIDs: handle.algorithms }),
    });
  } catch (error) {
    throw new IdpError('permanent', message('idp.keyNotVerifiedBecause', { idp: idpLabel, problem: (error as Error).message }));
  }
  if (!result.verified) {
    throw new IdpError('permanent', message('idp.keyNotVerified', { idp: idpLabel }));
  }
  return result.registrationInfo;
}
