import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import { KioskError } from '../../../../shared/contract/errors';
import { message } from '../../../../shared/contract/messages';
import { issuesText } from '../../contract/zod-details';
import { coseToPublicKey } from '../ctap2/cose-public-key';
import { aaguidToString, type AuthenticatorInfo } from '../ctap2/get-info';
import { parseMakeCredentialResponse, type MakeCredentialRequest } from '../ctap2/make-credential';
import { ctap2ToWebAuthnAttestation, type AttestationConveyance } from './attestation-translation';
import { buildClientDataJSON } from './client-data';
import { claimableRpId } from './rp-id-check';

/** The credProtect policies of CTAP 2.1 section 12.1, by their WebAuthn extension names. */
export const credProtectLevels = {
  userVerificationOptional: 1,
  userVerificationOptionalWithCredentialIDList: 2,
  userVerificationRequired: 3,
} as const;

export type RegistrationOptionsJSON = PublicKeyCredentialCreationOptionsJSON & {
  extensions?: PublicKeyCredentialCreationOptionsJSON['extensions'] & {
    credentialProtectionPolicy?: keyof typeof credProtectLevels;
    enforceCredentialProtectionPolicy?: boolean;
  };
};

const base64url = z.string().regex(/^[A-Za-z0-9_-]*$/, 'must be base64url');

/** What we rely on from the IdP's options; other members pass unchecked. */
export const registrationOptionsSchema = z
  .object({
    rp: z.object({ id: z.string().min(1).optional(), name: z.string() }).loose(),
    user: z.object({ id: base64url.min(1), name: z.string(), displayName: z.string() }).loose(),
    challenge: base64url.min(16),
    pubKeyCredParams: z.array(z.object({ alg: z.number().int(), type: z.literal('public-key') }).loose()).min(1),
    timeout: z.number().int().positive().optional(),
    excludeCredentials: z.array(z.object({ id: base64url.min(1), type: z.literal('public-key') }).loose()).optional(),
    authenticatorSelection: z
      .object({
        residentKey: z.enum(['discouraged', 'preferred', 'required']).optional(),
        requireResidentKey: z.boolean().optional(),
        userVerification: z.enum(['discouraged', 'preferred', 'required']).optional(),
      })
      .loose()
      .optional(),
    attestation: z.enum(['none', 'indirect', 'direct', 'enterprise']).optional(),
    extensions: z
      .object({
        credProps: z.boolean().optional(),
        credentialProtectionPolicy: z.enum(['userVerificationOptional', 'userVerificationOptionalWithCredentialIDList', 'userVerificationRequired']).optional(),
        enforceCredentialProtectionPolicy: z.boolean().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

export interface RegistrationPlan {
  rpId: string;
  clientDataJSON: Uint8Array;
  request: Omit<MakeCredentialRequest, 'clientDataHash' | 'token'>;
  credPropsRequested: boolean;
  /** WebAuthn's default is "none": the client then strips the attestation. */
  attestation: AttestationConveyance;
}

const fromB64u = (value: string) => new Uint8Array(Buffer.from(value, 'base64url'));

const DEFAULT_TOUCH_TIMEOUT_MS = 120_000;
const MIN_TOUCH_TIMEOUT_MS = 10_000;
const MAX_TOUCH_TIMEOUT_MS = 600_000;

/**
 * How long makeCredential waits for the touch. WebAuthn section 5.1.3 step 3: a timeout outside
 * a reasonable range is corrected to the nearest end, so the IdP can neither cut the person
 * off at once nor hold the key (and the operation's deadline) for hours.
 */
export function registrationTouchTimeoutMs(options: Pick<RegistrationOptionsJSON, 'timeout'>): number {
  const asked = typeof options.timeout === 'number' && Number.isFinite(options.timeout) ? options.timeout : DEFAULT_TOUCH_TIMEOUT_MS;
  return Math.min(MAX_TOUCH_TIMEOUT_MS, Math.max(MIN_TOUCH_TIMEOUT_MS, asked));
}

/**
 * Turns the IdP's creation options into one makeCredential request. Backup keys are made
 * discoverable unless the IdP discourages it, and protected with credProtect level 2 by
 * default so a stolen key does not reveal which accounts it holds.
 */
export function planRegistration(input: RegistrationOptionsJSON, origin: string, info: AuthenticatorInfo): RegistrationPlan {
  const parsed = registrationOptionsSchema.safeParse(input);
  if (!parsed.success) {
    throw new KioskError('invalid_input', message('key.registrationOptionsUnusable', { problem: issuesText(parsed.error.issues, 1) }));
  }
  const options = parsed.data;
  const rpId = claimableRpId(origin, options.rp.id);
  const selection = options.authenticatorSelection ?? {};
  const rkSupported = info.options['rk'] === true;
  const rkWanted = selection.requireResidentKey === true || selection.residentKey === 'required' || (selection.residentKey ?? 'preferred') === 'preferred';
  if ((selection.requireResidentKey === true || selection.residentKey === 'required') && !rkSupported) {
    throw new KioskError('key_user_action', message('key.notDiscoverable'));
  }
  const credProtectSupported = info.extensions.includes('credProtect');
  const policy = options.extensions?.credentialProtectionPolicy;
  const level = policy ? credProtectLevels[policy] : credProtectLevels.userVerificationOptionalWithCredentialIDList;
  if (policy && level > 1 && !credProtectSupported && options.extensions?.enforceCredentialProtectionPolicy) {
    throw new KioskError('key_user_action', message('key.noCredProtect'));
  }
  const enterprise = options.attestation === 'enterprise' && info.options['ep'] === true ? 1 : undefined;
  return {
    rpId,
    clientDataJSON: buildClientDataJSON({ type: 'webauthn.create', challenge: options.challenge, origin }),
    request: {
      rp: { id: rpId, name: options.rp.name },
      user: { id: fromB64u(options.user.id), name: options.user.name, displayName: options.user.displayName },
      algorithms: options.pubKeyCredParams.map((p) => p.alg),
      excludeList: (options.excludeCredentials ?? []).map((c) => ({ type: 'public-key' as const, id: fromB64u(c.id) })),
      rk: rkWanted && rkSupported,
      credProtect: credProtectSupported ? level : undefined,
      enterpriseAttestation: enterprise,
    },
    credPropsRequested: options.extensions?.credProps === true,
    attestation: options.attestation ?? 'none',
  };
}

export interface RegistrationOutcome {
  response: RegistrationResponseJSON;
  credentialId: Uint8Array;
  /** The COSE public key, kept to check the first assertion. */
  publicKey: Map<unknown, unknown>;
  /** The key's own AAGUID (names the model), even when the response carries a zeroed one. */
  aaguid: string;
}

/** The decoded CTAP2 makeCredential map → the RegistrationResponseJSON the IdP verifies. */
export function toRegistrationResponse(
  ctap2Response: Map<unknown, unknown>,
  clientDataJSON: Uint8Array,
  rk: boolean | null,
  attestation: AttestationConveyance,
): RegistrationOutcome {
  const parsed = parseMakeCredentialResponse(ctap2Response);
  const attested = parsed.parsedAuthData.attestedCredentialData;
  if (!attested) throw new KioskError('key_protocol', message('key.noCredential'));
  const { alg, keyObject } = coseToPublicKey(attested.publicKey);
  const id = Buffer.from(attested.credentialId).toString('base64url');
  const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
  const webAuthn = ctap2ToWebAuthnAttestation(ctap2Response, attestation);
  return {
    credentialId: attested.credentialId,
    publicKey: attested.publicKey,
    aaguid: aaguidToString(attested.aaguid),
    response: {
      id,
      rawId: id,
      type: 'public-key',
      authenticatorAttachment: 'cross-platform',
      response: {
        clientDataJSON: b64u(clientDataJSON),
        attestationObject: b64u(webAuthn.attestationObject),
        authenticatorData: b64u(webAuthn.authData),
        transports: ['usb'],
        publicKeyAlgorithm: alg,
        publicKey: b64u(new Uint8Array(keyObject.export({ type: 'spki', format: 'der' }))),
      },
      clientExtensionResults: rk === null ? {} : { credProps: { rk } },
    },
  };
}
