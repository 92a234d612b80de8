import { z } from 'zod';
import { message } from '../../../../shared/contract/messages';
import { COSE_ALGORITHMS, firstRefusal, keyName, refusesKey, refusesPerson, sameAaguid, type KeyFacts, type KeyVerdict } from '../key-preflight';

/**
 * The realm's WebAuthn Passwordless Policy, read from GET /admin/realms/{realm}
 * (RealmRepresentation, fields webAuthnPolicyPasswordless*). The kiosk imports the backup key
 * as a `webauthn-passwordless` credential, so the key must be one this policy's own
 * registration would accept. Keycloak writes "not specified" for a setting left open.
 */
export const realmPasswordlessPolicySchema = z
  .object({
    webAuthnPolicyPasswordlessSignatureAlgorithms: z.array(z.string()).optional(),
    webAuthnPolicyPasswordlessAuthenticatorAttachment: z.string().optional(),
    webAuthnPolicyPasswordlessRequireResidentKey: z.string().optional(),
    webAuthnPolicyPasswordlessUserVerificationRequirement: z.string().optional(),
    webAuthnPolicyPasswordlessAcceptableAaguids: z.array(z.string()).optional(),
    webAuthnPolicyPasswordlessAttestationConveyancePreference: z.string().optional(),
  })
  .catchall(z.unknown());
export type RealmPasswordlessPolicy = z.infer<typeof realmPasswordlessPolicySchema>;

const POLICY = 'WebAuthn Passwordless Policy';

/** The realm's signature algorithms as COSE ids; names Keycloak may add later are left out. */
export function realmAlgorithms(policy: RealmPasswordlessPolicy): number[] {
  return (policy.webAuthnPolicyPasswordlessSignatureAlgorithms ?? []).flatMap((name) => {
    const id = COSE_ALGORITHMS[name];
    return id === undefined ? [] : [id];
  });
}

export function evaluateKeycloakPolicy(policy: RealmPasswordlessPolicy, key: KeyFacts, idp: string): KeyVerdict {
  const model = keyName(key);
  const names = policy.webAuthnPolicyPasswordlessSignatureAlgorithms ?? [];
  const algorithms = realmAlgorithms(policy);
  const aaguids = policy.webAuthnPolicyPasswordlessAcceptableAaguids ?? [];
  return firstRefusal(
    policy.webAuthnPolicyPasswordlessAuthenticatorAttachment === 'platform'
      ? refusesPerson(message('idp.preflightPlatformOnly', { idp, setting: `${POLICY}: Authenticator Attachment` }))
      : null,
    names.length > 0 && !algorithms.some((alg) => key.algorithms.includes(alg))
      ? refusesKey(message('idp.preflightAlgorithms', { idp, algorithms: names.join(', '), setting: `${POLICY}: Signature algorithms`, model }))
      : null,
    policy.webAuthnPolicyPasswordlessRequireResidentKey === 'Yes' && !key.residentKeys
      ? refusesKey(message('idp.preflightResidentKey', { idp, setting: `${POLICY}: Require discoverable credential`, model }))
      : null,
    policy.webAuthnPolicyPasswordlessUserVerificationRequirement === 'required' && !key.userVerification
      ? refusesKey(message('idp.preflightUserVerification', { idp, setting: `${POLICY}: User verification requirement`, model }))
      : null,
    aaguids.length > 0 && !(key.aaguid && aaguids.some((a) => sameAaguid(a, key.aaguid ?? '')))
      ? refusesKey(message('idp.preflightModelRefused', { idp, model, aaguid: key.aaguid ?? '?', setting: `${POLICY}: Acceptable AAGUIDs` }))
      : null,
  );
}
