import type { z } from 'zod';
import type { fido2ConfigurationSchema } from './contracts/entra-policy-schemas';

export type Fido2Configuration = z.input<typeof fido2ConfigurationSchema>;

/** The baseline profile Entra creates when a tenant migrates to passkey profiles. */
export const DEFAULT_PASSKEY_PROFILE_ID = '00000000-0000-0000-0000-000000000001';

/**
 * A tenant's passkey (FIDO2) settings as Graph returns them, Entra's defaults after the
 * migration to passkey profiles: on for all users, self-service set-up allowed, device-bound
 * and synced passkeys, no attestation, no key restrictions. Tests change what they need.
 */
export function defaultFido2Configuration(): Fido2Configuration {
  return {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations/$entity',
    '@odata.type': '#microsoft.graph.fido2AuthenticationMethodConfiguration',
    id: 'Fido2',
    state: 'enabled',
    isSelfServiceRegistrationAllowed: true,
    isAttestationEnforced: false,
    keyRestrictions: { isEnforced: false, enforcementType: 'block', aaGuids: [] },
    includeTargets: [{ id: 'all_users', targetType: 'group', isRegistrationRequired: false, allowedPasskeyProfiles: [DEFAULT_PASSKEY_PROFILE_ID] }],
    excludeTargets: [],
    passkeyProfiles: [
      {
        id: DEFAULT_PASSKEY_PROFILE_ID,
        name: 'Default passkey profile',
        passkeyTypes: 'deviceBound,synced',
        attestationEnforcement: 'disabled',
        keyRestrictions: { isEnforced: false, enforcementType: 'allow', aaGuids: [] },
      },
    ],
    defaultPasskeyProfile: DEFAULT_PASSKEY_PROFILE_ID,
  };
}
