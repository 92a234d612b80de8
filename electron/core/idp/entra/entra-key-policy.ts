import { z } from 'zod';
import { message } from '../../../../shared/contract/messages';
import type { IdpHttpClient } from '../http/idp-http-client';
import { ACCEPTED, firstRefusal, keyName, refusesKey, refusesPerson, sameAaguid, type KeyFacts, type KeyVerdict } from '../key-preflight';

/**
 * Entra's passkey (FIDO2) settings, as Microsoft Graph returns them at
 * GET /v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/fido2
 * (fido2AuthenticationMethodConfiguration): the tenant-wide switches, the include/exclude
 * targets, and, since passkey profiles (GA 2026-03), one profile per target group with its
 * own passkey types, attestation and AAGUID restrictions. A tenant that has not migrated to
 * profiles carries attestation and key restrictions on the configuration itself.
 */

const keyRestrictionsSchema = z
  .object({
    isEnforced: z.boolean().nullish(),
    enforcementType: z.enum(['allow', 'block', 'unknownFutureValue']).nullish(),
    aaGuids: z.array(z.string()).nullish(),
  })
  .catchall(z.unknown());
type KeyRestrictions = z.infer<typeof keyRestrictionsSchema>;

const passkeyProfileSchema = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    /** Comma-separated flags: deviceBound, synced. */
    passkeyTypes: z.string(),
    attestationEnforcement: z.enum(['disabled', 'registrationOnly', 'unknownFutureValue']),
    keyRestrictions: keyRestrictionsSchema.nullish(),
  })
  .catchall(z.unknown());
type PasskeyProfile = z.infer<typeof passkeyProfileSchema>;

const targetSchema = z.object({ id: z.string().min(1), allowedPasskeyProfiles: z.array(z.string()).nullish() }).catchall(z.unknown());

export const fido2PolicySchema = z
  .object({
    state: z.enum(['enabled', 'disabled']).nullish(),
    isSelfServiceRegistrationAllowed: z.boolean().nullish(),
    isAttestationEnforced: z.boolean().nullish(),
    keyRestrictions: keyRestrictionsSchema.nullish(),
    includeTargets: z.array(targetSchema).nullish(),
    excludeTargets: z.array(targetSchema).nullish(),
    passkeyProfiles: z.array(passkeyProfileSchema).nullish(),
    defaultPasskeyProfile: z.string().nullish(),
  })
  .catchall(z.unknown());
export type Fido2Policy = z.infer<typeof fido2PolicySchema>;

/** Graph's target id for every user of the tenant. */
export const ALL_USERS = 'all_users';

/** The group ids whose membership decides whether the policy reaches a person. */
export function targetGroupIds(policy: Fido2Policy): string[] {
  const ids = [...(policy.includeTargets ?? []), ...(policy.excludeTargets ?? [])].map((t) => t.id).filter((id) => id !== ALL_USERS);
  return [...new Set(ids)];
}

/**
 * Whether Entra will take this key for a person in the groups `memberOf` (of those the
 * policy names). The person may use any profile of any target that reaches them: the key
 * passes when one of those profiles takes it.
 */
export function evaluateEntraPolicy(policy: Fido2Policy, memberOf: ReadonlySet<string>, key: KeyFacts, idp: string): KeyVerdict {
  if (policy.state === 'disabled') return refusesPerson(message('idp.preflightPasskeysOff', { idp, setting: 'Passkey (FIDO2): Enable' }));
  if (policy.isSelfServiceRegistrationAllowed === false) {
    return refusesPerson(message('idp.preflightSelfServiceOff', { idp, setting: 'Allow self-service set up' }));
  }
  const reaches = (id: string) => id === ALL_USERS || memberOf.has(id);
  const excluded = (policy.excludeTargets ?? []).find((t) => reaches(t.id));
  if (excluded) return refusesPerson(message('idp.preflightNotInScope', { idp, setting: `Exclude: ${excluded.id}` }));
  // Graph may leave the targets out of the answer; then the person's scope is Entra's to judge.
  const targets = policy.includeTargets ? policy.includeTargets.filter((t) => reaches(t.id)) : null;
  if (targets && targets.length === 0) return refusesPerson(message('idp.preflightNotInScope', { idp, setting: 'Include: target groups' }));

  const profiles = policy.passkeyProfiles ?? [];
  if (profiles.length === 0) {
    return firstRefusal(
      policy.isAttestationEnforced === true && key.certifiedAttestation === false ? refusesKey(message('idp.preflightAttestation', { idp, setting: 'Enforce attestation', model: keyName(key) })) : null,
      restrictionVerdict(policy.keyRestrictions, key, idp, 'Enforce key restrictions'),
    );
  }
  const verdicts = personsProfiles(profiles, targets, policy.defaultPasskeyProfile ?? null).map((profile) => profileVerdict(profile, key, idp));
  return verdicts.find((v) => v.accepted) ?? verdicts[0] ?? refusesPerson(message('idp.preflightNotInScope', { idp, setting: 'Passkey profiles' }));
}

/** The profiles the person's targets allow; a target naming none uses the default profile. */
function personsProfiles(profiles: PasskeyProfile[], targets: Array<z.infer<typeof targetSchema>> | null, defaultId: string | null): PasskeyProfile[] {
  const fallback = defaultId ? [defaultId] : profiles.map((p) => p.id);
  const ids = targets ? targets.flatMap((t) => (t.allowedPasskeyProfiles?.length ? t.allowedPasskeyProfiles : fallback)) : fallback;
  return profiles.filter((p) => ids.includes(p.id));
}

function profileVerdict(profile: PasskeyProfile, key: KeyFacts, idp: string): KeyVerdict {
  const where = `passkey profile "${profile.name}"`;
  const types = profile.passkeyTypes.split(',').map((t) => t.trim());
  return firstRefusal(
    types.includes('deviceBound') ? null : refusesPerson(message('idp.preflightNoDeviceBound', { idp, setting: `${where}: Target types` })),
    profile.attestationEnforcement !== 'disabled' && key.certifiedAttestation === false
      ? refusesKey(message('idp.preflightAttestation', { idp, setting: `${where}: Enforce attestation`, model: keyName(key) }))
      : null,
    restrictionVerdict(profile.keyRestrictions, key, idp, `${where}: Key restrictions`),
  );
}

function restrictionVerdict(restrictions: KeyRestrictions | null | undefined, key: KeyFacts, idp: string, setting: string): KeyVerdict {
  if (!restrictions?.isEnforced) return ACCEPTED;
  const listed = key.aaguid !== null && (restrictions.aaGuids ?? []).some((a) => sameAaguid(a, key.aaguid ?? ''));
  const allowed = restrictions.enforcementType === 'block' ? !listed : listed;
  if (allowed) return ACCEPTED;
  const list = restrictions.enforcementType === 'block' ? 'block list' : 'allow list';
  return refusesKey(message('idp.preflightModelRefused', { idp, model: keyName(key), aaguid: key.aaguid ?? '?', setting: `${setting} (${list})` }));
}

const memberGroupsSchema = z.object({ value: z.array(z.string()) }).catchall(z.unknown());
/** Graph's checkMemberGroups takes at most 20 group ids per call. */
const GROUPS_PER_CHECK = 20;

/** The tenant's passkey settings and the person's membership in the groups they target (transitive, as Entra applies them). */
export async function readEntraPolicy(graph: IdpHttpClient, userId: string): Promise<{ policy: Fido2Policy; memberOf: Set<string> }> {
  const { data: policy } = await graph.json(
    { method: 'GET', path: '/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/fido2', what: 'reading the passkey (FIDO2) settings' },
    fido2PolicySchema,
  );
  const groups = targetGroupIds(policy);
  const memberOf = new Set<string>();
  for (let at = 0; at < groups.length; at += GROUPS_PER_CHECK) {
    const { data } = await graph.json(
      { method: 'POST', path: `/v1.0/users/${encodeURIComponent(userId)}/checkMemberGroups`, json: { groupIds: groups.slice(at, at + GROUPS_PER_CHECK) }, what: "checking the person's passkey groups" },
      memberGroupsSchema,
    );
    for (const id of data.value) memberOf.add(id);
  }
  return { policy, memberOf };
}
