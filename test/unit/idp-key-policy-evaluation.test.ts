import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import { evaluateAuthentikStage, webauthnStageSchema, type WebauthnStage } from '../../electron/core/idp/authentik/authentik-key-policy';
import { evaluateEntraPolicy, fido2PolicySchema, targetGroupIds, type Fido2Policy } from '../../electron/core/idp/entra/entra-key-policy';
import type { KeyFacts, KeyVerdict } from '../../electron/core/idp/key-preflight';
import { evaluateKeycloakPolicy, realmAlgorithms, realmPasswordlessPolicySchema } from '../../electron/core/idp/keycloak/keycloak-key-policy';
import { withSecurityKeyHint } from '../../electron/core/idp/webauthn/security-key-hint';
import { say } from './helpers/translate-both-languages';

const YUBIKEY_5_NFC = 'cb69481e-8ff7-4039-93ec-0a2729a154a8';
const OTHER = '2fc0579f-8113-47ea-b116-bb5a8db9202a';

/** A YubiKey 5 as its getInfo describes it: ES256 and EdDSA, discoverable credentials, a PIN; attestation the IdP checks. */
const yubikey: KeyFacts = { aaguid: YUBIKEY_5_NFC, model: 'YubiKey 5 Series with NFC', algorithms: [-7, -8], residentKeys: true, userVerification: true, certifiedAttestation: null };

function reasonOf(verdict: KeyVerdict): string | null {
  return verdict.accepted ? null : `${verdict.refuses}:${verdict.says.reason}`;
}

describe('Keycloak: the realm WebAuthn Passwordless Policy decides', () => {
  const realm = (fields: Record<string, unknown>) => realmPasswordlessPolicySchema.parse({ realm: 'staff', ...fields });
  const judge = (fields: Record<string, unknown>, key: KeyFacts = yubikey) => reasonOf(evaluateKeycloakPolicy(realm(fields), key, 'Keycloak (staff)'));

  it('takes the key under the defaults of a fresh realm ("not specified" everywhere, ES256 and RS256)', () => {
    expect(judge({ webAuthnPolicyPasswordlessSignatureAlgorithms: ['ES256', 'RS256'], webAuthnPolicyPasswordlessAuthenticatorAttachment: 'not specified', webAuthnPolicyPasswordlessRequireResidentKey: 'not specified', webAuthnPolicyPasswordlessUserVerificationRequirement: 'not specified', webAuthnPolicyPasswordlessAcceptableAaguids: [] })).toBeNull();
  });

  it('refuses per setting: platform attachment for everyone, then per key: algorithms, resident key, user verification, AAGUIDs', () => {
    expect(judge({ webAuthnPolicyPasswordlessAuthenticatorAttachment: 'platform' })).toBe('person:idp.preflightPlatformOnly');
    expect(judge({ webAuthnPolicyPasswordlessSignatureAlgorithms: ['RS256', 'ES512'] })).toBe('key:idp.preflightAlgorithms');
    expect(judge({ webAuthnPolicyPasswordlessRequireResidentKey: 'Yes' }, { ...yubikey, residentKeys: false })).toBe('key:idp.preflightResidentKey');
    expect(judge({ webAuthnPolicyPasswordlessRequireResidentKey: 'No' }, { ...yubikey, residentKeys: false })).toBeNull();
    expect(judge({ webAuthnPolicyPasswordlessUserVerificationRequirement: 'required' }, { ...yubikey, userVerification: false })).toBe('key:idp.preflightUserVerification');
    expect(judge({ webAuthnPolicyPasswordlessAcceptableAaguids: [OTHER] })).toBe('key:idp.preflightModelRefused');
    expect(judge({ webAuthnPolicyPasswordlessAcceptableAaguids: [YUBIKEY_5_NFC.toUpperCase()] })).toBeNull();
    expect(judge({ webAuthnPolicyPasswordlessAcceptableAaguids: [YUBIKEY_5_NFC] }, { ...yubikey, aaguid: null })).toBe('key:idp.preflightModelRefused');
  });

  it('names the realm setting and the algorithms it takes in the refusal', () => {
    const verdict = evaluateKeycloakPolicy(realm({ webAuthnPolicyPasswordlessSignatureAlgorithms: ['RS256'] }), yubikey, 'Keycloak (staff)');
    expect(verdict).toEqual({
      accepted: false,
      refuses: 'key',
      says: { reason: 'idp.preflightAlgorithms', params: { idp: 'Keycloak (staff)', algorithms: 'RS256', setting: 'WebAuthn Passwordless Policy: Signature algorithms', model: 'YubiKey 5 Series with NFC' } },
    });
  });

  it('reads algorithm names as COSE ids and leaves out names it does not know', () => {
    expect(realmAlgorithms(realm({ webAuthnPolicyPasswordlessSignatureAlgorithms: ['ES256', 'RS256', 'Ed448-future', 'EdDSA'] }))).toEqual([-7, -257, -8]);
  });
});

describe('Entra: the passkey (FIDO2) settings and the passkey profiles decide', () => {
  const base = {
    state: 'enabled',
    isSelfServiceRegistrationAllowed: true,
    isAttestationEnforced: false,
    keyRestrictions: { isEnforced: false, enforcementType: 'block', aaGuids: [] },
    includeTargets: [{ id: 'all_users', targetType: 'group', isRegistrationRequired: false }],
    excludeTargets: [],
  };
  const policy = (fields: Record<string, unknown>): Fido2Policy => fido2PolicySchema.parse({ ...base, ...fields });
  const judge = (fields: Record<string, unknown>, memberOf: string[] = [], key: KeyFacts = yubikey) => reasonOf(evaluateEntraPolicy(policy(fields), new Set(memberOf), key, 'Microsoft Entra ID'));
  const profile = (id: string, fields: Record<string, unknown> = {}) => ({ id, name: `Profile ${id.slice(0, 4)}`, passkeyTypes: 'deviceBound,synced', attestationEnforcement: 'disabled', keyRestrictions: { isEnforced: false, enforcementType: 'allow', aaGuids: [] }, ...fields });
  const P1 = '00000000-0000-0000-0000-000000000001';
  const P2 = '11111111-2222-4333-8444-555555555555';
  const G = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

  it('takes the key with the settings of a tenant without profiles (the legacy policy)', () => {
    expect(judge({})).toBeNull();
  });

  it('refuses the person while passkeys are off, self-service set-up is off, or the person is excluded or in no target', () => {
    expect(judge({ state: 'disabled' })).toBe('person:idp.preflightPasskeysOff');
    expect(judge({ isSelfServiceRegistrationAllowed: false })).toBe('person:idp.preflightSelfServiceOff');
    expect(judge({ excludeTargets: [{ id: G, targetType: 'group' }] }, [G])).toBe('person:idp.preflightNotInScope');
    expect(judge({ excludeTargets: [{ id: G, targetType: 'group' }] }, [])).toBeNull();
    expect(judge({ includeTargets: [{ id: G, targetType: 'group' }] }, [])).toBe('person:idp.preflightNotInScope');
  });

  it('applies the legacy key restrictions and attestation: allow and block lists, the virtual key under enforced attestation', () => {
    expect(judge({ keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: [OTHER] } })).toBe('key:idp.preflightModelRefused');
    expect(judge({ keyRestrictions: { isEnforced: true, enforcementType: 'block', aaGuids: [YUBIKEY_5_NFC] } })).toBe('key:idp.preflightModelRefused');
    expect(judge({ keyRestrictions: { isEnforced: true, enforcementType: 'block', aaGuids: [OTHER] } })).toBeNull();
    expect(judge({ keyRestrictions: { isEnforced: false, enforcementType: 'allow', aaGuids: [OTHER] } })).toBeNull();
    expect(judge({ isAttestationEnforced: true })).toBeNull();
    expect(judge({ isAttestationEnforced: true }, [], { ...yubikey, certifiedAttestation: false })).toBe('key:idp.preflightAttestation');
  });

  it('judges by the profiles of the targets that reach the person: one that takes the key is enough', () => {
    const profiles = [profile(P1, { passkeyTypes: 'synced' }), profile(P2, { keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: [YUBIKEY_5_NFC] } })];
    const targets = [
      { id: 'all_users', targetType: 'group', isRegistrationRequired: false, allowedPasskeyProfiles: [P1] },
      { id: G, targetType: 'group', isRegistrationRequired: false, allowedPasskeyProfiles: [P2] },
    ];
    expect(judge({ passkeyProfiles: profiles, defaultPasskeyProfile: P1, includeTargets: targets }, [])).toBe('person:idp.preflightNoDeviceBound');
    expect(judge({ passkeyProfiles: profiles, defaultPasskeyProfile: P1, includeTargets: targets }, [G])).toBeNull();
    expect(judge({ passkeyProfiles: profiles, defaultPasskeyProfile: P1, includeTargets: targets }, [G], { ...yubikey, aaguid: OTHER })).toBe('person:idp.preflightNoDeviceBound');
  });

  it('uses the default profile for a target that names none, and the profile attestation setting over the legacy one', () => {
    const profiles = [profile(P1, { attestationEnforcement: 'registrationOnly' })];
    const virtualKey = { ...yubikey, certifiedAttestation: false };
    expect(judge({ passkeyProfiles: profiles, defaultPasskeyProfile: P1, isAttestationEnforced: false }, [], virtualKey)).toBe('key:idp.preflightAttestation');
    expect(judge({ passkeyProfiles: [profile(P1)], defaultPasskeyProfile: P1, isAttestationEnforced: true }, [], virtualKey)).toBeNull();
  });

  it('asks about the membership of the named groups only, each once', () => {
    expect(targetGroupIds(policy({ includeTargets: [{ id: 'all_users' }, { id: G }], excludeTargets: [{ id: G }, { id: P2 }] }))).toEqual([G, P2]);
  });
});

describe('authentik: the WebAuthn set-up stage decides', () => {
  const stage = (fields: Partial<WebauthnStage>): WebauthnStage =>
    webauthnStageSchema.parse({ pk: 'a', name: 'webauthn-setup', flow_set: [{ slug: 'kiosk-key-setup' }], user_verification: 'preferred', authenticator_attachment: null, resident_key_requirement: 'preferred', device_type_restrictions_obj: [], ...fields });
  const judge = (fields: Partial<WebauthnStage>, key: KeyFacts = yubikey) => reasonOf(evaluateAuthentikStage(stage(fields), key, 'authentik'));

  it('takes every key with no device type restrictions', () => {
    expect(judge({})).toBeNull();
  });

  it('refuses per setting: platform attachment, resident key, user verification, device types', () => {
    expect(judge({ authenticator_attachment: 'platform' })).toBe('person:idp.preflightPlatformOnly');
    expect(judge({ authenticator_attachment: 'cross-platform' })).toBeNull();
    expect(judge({ resident_key_requirement: 'required' }, { ...yubikey, residentKeys: false })).toBe('key:idp.preflightResidentKey');
    expect(judge({ user_verification: 'required' }, { ...yubikey, userVerification: false })).toBe('key:idp.preflightUserVerification');
    expect(judge({ device_type_restrictions_obj: [{ aaguid: OTHER, description: 'Other key' }] })).toBe('key:idp.preflightModelRefused');
    expect(judge({ device_type_restrictions_obj: [{ aaguid: YUBIKEY_5_NFC, description: 'YubiKey 5 Series with NFC' }] })).toBeNull();
  });
});

describe('a refusal as the backup-key screen says it', () => {
  it('names the IdP, the key and the IdP setting in English and German', () => {
    const verdict = evaluateKeycloakPolicy(realmPasswordlessPolicySchema.parse({ webAuthnPolicyPasswordlessAcceptableAaguids: [OTHER] }), yubikey, 'Staff SSO');
    if (verdict.accepted) throw new Error('expected a refusal');
    expect(say('en', verdict.says)).toBe(
      `Staff SSO does not take this key model (YubiKey 5 Series with NFC, AAGUID ${YUBIKEY_5_NFC}): its setting "WebAuthn Passwordless Policy: Acceptable AAGUIDs" excludes it. Nothing was written to the key. Use a key of a model Staff SSO accepts.`,
    );
    expect(say('de', verdict.says)).toBe(
      `Staff SSO nimmt dieses Schlüsselmodell nicht an (YubiKey 5 Series with NFC, AAGUID ${YUBIKEY_5_NFC}): die Einstellung „WebAuthn Passwordless Policy: Acceptable AAGUIDs“ schließt es aus. Auf den Schlüssel wurde nichts geschrieben. Verwenden Sie einen Schlüssel eines Modells, das Staff SSO annimmt.`,
    );
  });
});

describe('creation options without hints', () => {
  const options: PublicKeyCredentialCreationOptionsJSON = { rp: { name: 'IdP', id: 'idp.example' }, user: { id: 'dQ', name: 'u', displayName: 'U' }, challenge: 'Y2hhbGxlbmdlLTE2Ynl0ZXM', pubKeyCredParams: [{ alg: -7, type: 'public-key' }] };

  it('get hints: ["security-key"]; hints the IdP chose stay', () => {
    expect(withSecurityKeyHint(options).hints).toEqual(['security-key']);
    expect(withSecurityKeyHint({ ...options, hints: [] }).hints).toEqual(['security-key']);
    expect(withSecurityKeyHint({ ...options, hints: ['client-device'] }).hints).toEqual(['client-device']);
    expect(options).not.toHaveProperty('hints');
  });
});
