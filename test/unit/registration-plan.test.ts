import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../../electron/core/fido/cbor/cbor';
import { decodeResponse } from '../../electron/core/fido/ctap2/ctap2-transport';
import { parseGetInfo, type AuthenticatorInfo } from '../../electron/core/fido/ctap2/get-info';
import { buildClientDataJSON } from '../../electron/core/fido/keys/client-data';
import { planRegistration, registrationTouchTimeoutMs, type RegistrationOptionsJSON } from '../../electron/core/fido/keys/registration-plan';

function info(options: Record<string, boolean>, extensions: string[] = ['credProtect']): AuthenticatorInfo {
  const map = new Map<number, unknown>([
    [1, ['FIDO_2_0', 'FIDO_2_1']],
    [2, extensions],
    [3, new Uint8Array(16)],
    [4, new Map(Object.entries(options))],
  ]);
  return parseGetInfo(decodeResponse(new Uint8Array([0, ...encodeCbor(map)]), 'getInfo'));
}

const base: RegistrationOptionsJSON = {
  rp: { id: 'example.com', name: 'Example' },
  user: { id: 'dXNlci0x', name: 'ada', displayName: 'Ada' },
  challenge: 'Y2hhbGxlbmdlLWNoYWxsZW5nZQ',
  pubKeyCredParams: [{ alg: -8, type: 'public-key' }, { alg: -7, type: 'public-key' }],
};

describe('planning one makeCredential from the IdP creation options', () => {
  it('clientDataJSON has the spec member order and copies the challenge verbatim', () => {
    const plan = planRegistration(base, 'https://login.example.com', info({ rk: true }));
    expect(new TextDecoder().decode(plan.clientDataJSON)).toBe(
      '{"type":"webauthn.create","challenge":"Y2hhbGxlbmdlLWNoYWxsZW5nZQ","origin":"https://login.example.com","crossOrigin":false}',
    );
    expect(buildClientDataJSON({ type: 'webauthn.get', challenge: 'x"y', origin: 'https://a' })).toEqual(new TextEncoder().encode('{"type":"webauthn.get","challenge":"x\\"y","origin":"https://a","crossOrigin":false}'));
    expect(plan.request.algorithms).toEqual([-8, -7]);
    expect(plan.request.user.id).toEqual(new TextEncoder().encode('user-1'));
  });

  it('backup keys are discoverable with credProtect 2 unless the IdP says otherwise; the RP ID defaults to the origin host', () => {
    const plan = planRegistration({ ...base, rp: { name: 'Example' } }, 'https://login.example.com', info({ rk: true }));
    expect(plan.rpId).toBe('login.example.com');
    expect(plan.request).toMatchObject({ rk: true, credProtect: 2 });
    const discouraged = planRegistration({ ...base, authenticatorSelection: { residentKey: 'discouraged' }, extensions: { credentialProtectionPolicy: 'userVerificationRequired' } }, 'https://x.example.com', info({ rk: true }));
    expect(discouraged.request).toMatchObject({ rk: false, credProtect: 3 });
  });

  it('refuses what the key cannot do when the IdP requires it', () => {
    expect(() => planRegistration({ ...base, authenticatorSelection: { residentKey: 'required' } }, 'https://login.example.com', info({ rk: false }))).toThrowError(
      expect.objectContaining({ code: 'key_user_action' }),
    );
    const enforced = { ...base, extensions: { credentialProtectionPolicy: 'userVerificationRequired' as const, enforceCredentialProtectionPolicy: true } };
    expect(() => planRegistration(enforced, 'https://login.example.com', info({ rk: true }, []))).toThrowError(expect.objectContaining({ code: 'key_user_action' }));
    expect(planRegistration({ ...base, extensions: { credentialProtectionPolicy: 'userVerificationRequired' } }, 'https://login.example.com', info({ rk: true }, [])).request.credProtect).toBeUndefined();
  });

  it('asks for enterprise attestation only when the IdP wants it and the key offers it', () => {
    expect(planRegistration({ ...base, attestation: 'enterprise' }, 'https://login.example.com', info({ rk: true, ep: true })).request.enterpriseAttestation).toBe(1);
    expect(planRegistration({ ...base, attestation: 'enterprise' }, 'https://login.example.com', info({ rk: true, ep: false })).request.enterpriseAttestation).toBeUndefined();
    expect(planRegistration({ ...base, attestation: 'direct' }, 'https://login.example.com', info({ rk: true, ep: true })).request.enterpriseAttestation).toBeUndefined();
  });

  it('the IdP\'s timeout is corrected into 10 s .. 10 min (WebAuthn: a reasonable range), 2 min when absent', () => {
    expect([1, 60_000, 2 ** 40, undefined].map((timeout) => registrationTouchTimeoutMs({ timeout }))).toEqual([10_000, 60_000, 600_000, 120_000]);
  });

  it('options that are not usable are invalid_input with the member named', () => {
    const bad = { ...base, challenge: 'not base64url!' };
    expect(() => planRegistration(bad, 'https://login.example.com', info({ rk: true }))).toThrowError(expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining('challenge') }));
    expect(() => planRegistration({ ...base, pubKeyCredParams: [] }, 'https://login.example.com', info({ rk: true }))).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
  });
});
