import { z } from 'zod';

/**
 * Graph's passkey (FIDO2) settings, which entra-fido2-provisioning.md does not cover, written
 * from Microsoft's Graph reference: fido2AuthenticationMethodConfiguration (GET and PATCH
 * .../authenticationMethodConfigurations/fido2), fido2KeyRestrictions, passkeyProfile,
 * passkeyAuthenticationMethodTarget, and user: checkMemberGroups (at most 20 group ids).
 */

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

const keyRestrictions = z
  .object({ isEnforced: z.boolean(), enforcementType: z.enum(['allow', 'block', 'unknownFutureValue']), aaGuids: z.array(z.string()) })
  .strict();

const passkeyProfile = z
  .object({
    id: guid,
    name: z.string(),
    passkeyTypes: z.string().regex(/^(deviceBound|synced|unknownFutureValue)(,(deviceBound|synced|unknownFutureValue))*$/, 'flags deviceBound, synced'),
    attestationEnforcement: z.enum(['disabled', 'registrationOnly', 'unknownFutureValue']),
    keyRestrictions,
  })
  .strict();

const target = z.object({ id: z.string().min(1), targetType: z.enum(['group', 'unknownFutureValue']) });

export const fido2ConfigurationSchema = z
  .object({
    '@odata.context': z.string().optional(),
    '@odata.type': z.literal('#microsoft.graph.fido2AuthenticationMethodConfiguration'),
    id: z.literal('Fido2'),
    state: z.enum(['enabled', 'disabled']),
    isSelfServiceRegistrationAllowed: z.boolean(),
    isAttestationEnforced: z.boolean(),
    keyRestrictions,
    includeTargets: z.array(target.extend({ isRegistrationRequired: z.boolean(), allowedPasskeyProfiles: z.array(guid) }).strict()),
    excludeTargets: z.array(target.strict()),
    passkeyProfiles: z.array(passkeyProfile),
    defaultPasskeyProfile: guid,
  })
  .strict();

export const checkMemberGroupsBody = z.object({ groupIds: z.array(guid).min(1).max(20) }).strict();
export const checkMemberGroupsResult = z.object({ '@odata.context': z.string().optional(), value: z.array(guid) }).strict();
