import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../electron/core/sync/backoff';
import { assertPayloadHasNoSecrets } from '../../electron/core/sync/payload-guard';

const sha512b64 = (code: string) => createHash('sha512').update(code).digest('base64');

describe('outbox payload guard: only hashes and public data may wait on disk', () => {
  it('accepts the payloads the IdP outbox handlers store (registration response, code hashes, revoke)', () => {
    const registration = {
      handle: { idp: 'keycloak', userId: 'u-1', challenge: 'q8J3x', rpId: 'id.example.com', origin: 'https://id.example.com', expiresAt: '2026-03-02T10:00:00Z' },
      response: {
        id: 'AbC', rawId: 'AbC', type: 'public-key', authenticatorAttachment: 'cross-platform', clientExtensionResults: { credProps: { rk: true } },
        response: { clientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0', attestationObject: 'o2NmbXRk', transports: ['usb'], publicKeyAlgorithm: -7 },
      },
      displayName: 'Backup key (YubiKey 5)',
    };
    expect(() => assertPayloadHasNoSecrets(registration)).not.toThrow();
    const hashes = { user: { id: 'u-1', displayName: 'A', username: null, email: null, badgeId: '1' }, hashes: [{ number: 1, encodedHashedValue: sha512b64('ABCD-EFGH-IJKL') }] };
    expect(() => assertPayloadHasNoSecrets(hashes)).not.toThrow();
    expect(() => assertPayloadHasNoSecrets({ user: hashes.user, authenticatorId: 'cred-7' })).not.toThrow();
  });

  it.each([
    [{ pin: '123456' }, 'pin'],
    [{ newPin: '123456' }, 'newPin'],
    [{ recovery_codes: ['ABCD'] }, 'recovery_codes'],
    [{ user: { accessToken: 'x' } }, 'user.accessToken'],
    [{ client_secret: 'x' }, 'client_secret'],
    [{ temporaryAccessPass: 'x' }, 'temporaryAccessPass'],
    [{ privateKey: 'x' }, 'privateKey'],
    [{ items: [{ password: 'x' }] }, 'items[0].password'],
    [{ codeHashes: ['ABCD-EFGH'] }, 'codeHashes[0]'],
    [{ header: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln' }, 'header'],
  ])('refuses %j, naming %s', (payload, path) => {
    expect(() => assertPayloadHasNoSecrets(payload as Record<string, unknown>)).toThrow(expect.objectContaining({ code: 'invalid_input', details: { path } }));
  });
});

describe('full-jitter backoff', () => {
  it('draws uniformly below min(cap, base * 2^(attempt-1))', () => {
    const policy = { baseMs: 1_000, capMs: 10_000 };
    expect([1, 2, 3, 4, 5, 40].map((a) => backoffDelay(policy, a, () => 0.999_999))).toEqual([999, 1_999, 3_999, 7_999, 9_999, 9_999]);
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
  });
});
