import { beforeAll, describe, expect, it } from 'vitest';
import { EntraConnector } from '../../electron/core/idp/entra/entra-connector';
import { entraIdpConfigSchema } from '../../electron/core/idp/idp-config-schema';
import type { IdpUser } from '../../electron/core/idp/idp-connector';
import { systemClock } from '../../electron/core/ports/clock';
import { connectorsFor, guardFake, tempSecretStore, userByBadge } from '../fakes/connector-setup';
import { contractAvailable, contractTestName } from '../fakes/contracts/contracts-dir';
import { EntraFake } from '../fakes/entra-fake';
import { faultCases } from '../fakes/fault-cases';
import { registerWithVirtualKey } from '../fakes/virtual-key';

let fake: EntraFake;
let connector: EntraConnector;
let offline: EntraConnector;
let refused: EntraConnector;
let impatient: EntraConnector;
let userId: string;
const secretDir = { cleanup: () => undefined as void };

function config(baseUrl: string, extra: Record<string, unknown> = {}) {
  return entraIdpConfigSchema.parse({
    kind: 'entra',
    tenantId: fake.tenantId,
    clientId: fake.clientId,
    clientSecretRef: 'idp.entra.clientSecret',
    authorityUrl: baseUrl,
    graphUrl: baseUrl,
    ...extra,
  });
}

beforeAll(async () => {
  fake = await EntraFake.start();
  const secrets = await tempSecretStore({ 'idp.entra.clientSecret': fake.clientSecret });
  secretDir.cleanup = secrets.cleanup;
  const ports = { secrets: secrets.store, clock: systemClock };
  ({ connector, refused, impatient } = await connectorsFor((url, timeoutMs) => new EntraConnector(config(url, { timeoutMs }), ports), fake.baseUrl));
  offline = new EntraConnector(config(fake.baseUrl, { offlineChallengeTimeoutMinutes: 10_080 }), ports);
  userId = fake.addUser({ displayName: "Siobhán O'Neill", userPrincipalName: 'siobhan@contoso.example', mail: 'siobhan@contoso.example', employeeId: '50017' });
  fake.addUser({ displayName: 'Tomás Rivera', userPrincipalName: 'tomas@contoso.example', employeeId: '50018' });
});

guardFake(() => fake, () => secretDir.cleanup());

const siobhan = (): Promise<IdpUser> => userByBadge(connector, '50017');

describe('Entra connector against the fake Microsoft Graph', () => {
  it.skipIf(!contractAvailable('entra'))(contractTestName('entra'), () => {
    expect(fake.server.contractChecked).toBe(true);
  });

  it('finds the user by employeeId, by mail and by UPN (quotes escaped), and nobody for an unknown badge', async () => {
    expect(await siobhan()).toMatchObject({ id: userId, displayName: "Siobhán O'Neill", username: 'siobhan@contoso.example', badgeId: '50017' });
    expect((await connector.findUser({ email: 'siobhan@contoso.example' }))?.id).toBe(userId);
    expect((await connector.findUser({ username: 'siobhan@contoso.example' }))?.id).toBe(userId);
    expect(await connector.findUser({ username: "o'brien@contoso.example" })).toBeNull();
    expect(await connector.findUser({ badgeId: '99999' })).toBeNull();
  });

  it('issues a one-time Temporary Access Pass for mysecurityinfo and sees the passkey once the attendee adds it', async () => {
    const user = await siobhan();
    const link = await connector.platformPasskeyLink(user);
    expect(link).toMatchObject({ kind: 'temporaryAccessPass', url: 'https://aka.ms/mysecurityinfo', code: expect.stringMatching(/^TAP-/) });
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(55 * 60_000);
    expect(fake.taps.at(-1)).toEqual({ userId, lifetimeInMinutes: 60 });
    const before = await connector.listAuthenticators(user);
    const passkeyId = fake.simulateUserAddsPasskey(userId);
    const added = (await connector.listAuthenticators(user)).filter((a) => !before.some((b) => b.id === a.id));
    expect(added).toEqual([expect.objectContaining({ id: passkeyId, type: 'passkey' })]);
  });

  it('registers the backup key on the user\'s behalf (origin login.microsoftonline.com) exactly once, even when finish is retried', async () => {
    const user = await siobhan();
    const start = await connector.beginKeyRegistration(user);
    expect(start.origin).toBe('https://login.microsoftonline.com');
    expect(start.options.rp.id).toBe('login.microsoftonline.com');
    expect(Date.parse(start.expiresAt ?? '') - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    const response = await registerWithVirtualKey(start);
    const options = { idempotencyKey: `key:${userId}:${response.id}`, displayName: 'Backup key' };
    const { authenticatorId } = await connector.finishKeyRegistration(start.handle, response, options);
    const again = await connector.finishKeyRegistration(JSON.parse(JSON.stringify(start.handle)), response, options);
    expect(again.authenticatorId).toBe(authenticatorId);
    expect(fake.registrationsByCredentialId.get(response.id)).toBe(1);
    expect(fake.refusedRegistrations).toEqual([]);
    expect(await connector.wasKeyRegistrationApplied(start.handle, response, options)).toEqual({ authenticatorId });
    expect((await connector.listAuthenticators(user)).find((a) => a.id === authenticatorId)).toMatchObject({ type: 'securityKey', name: expect.stringContaining('Backup key') });
  });

  it('with offline registration configured, takes options from the beta endpoint that stay valid for days', async () => {
    expect(offline.capabilities.offlineKeyRegistration).toBe(true);
    const user = await siobhan();
    const start = await offline.beginKeyRegistration(user);
    expect(Date.parse(start.expiresAt ?? '') - Date.now()).toBeGreaterThan(6 * 24 * 3600_000);
    expect(fake.server.requests.some((r) => r.path.includes('/beta/') && r.path.includes('challengeTimeoutInMinutes=10080'))).toBe(true);
    const response = await registerWithVirtualKey(start);
    await expect(offline.finishKeyRegistration(start.handle, response, { idempotencyKey: `key:${userId}:offline`, displayName: 'Backup key 2' })).resolves.toMatchObject({ authenticatorId: expect.any(String) });
  });

  it('refuses locally a registration queued past its challenge expiry, saying to register the key again, and sends nothing', async () => {
    const user = await siobhan();
    const start = await connector.beginKeyRegistration(user);
    const response = await registerWithVirtualKey(start);
    const secrets = await tempSecretStore({ 'idp.entra.clientSecret': fake.clientSecret });
    // The same kiosk ten minutes later: v1.0 options live five minutes.
    const later = new EntraConnector(config(fake.baseUrl), { secrets: secrets.store, clock: { now: () => new Date(Date.now() + 10 * 60_000) } });
    const posted = () => fake.server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/fido2Methods')).length;
    const before = posted();
    try {
      await expect(later.finishKeyRegistration(start.handle, response, { idempotencyKey: 'expired', displayName: 'Backup key' })).rejects.toMatchObject({
        kind: 'permanent',
        message: expect.stringMatching(/expired at .*Discard this item and register the backup key again\. .*idp\.offlineChallengeTimeoutMinutes/),
      });
      expect(posted()).toBe(before);
      // Sent in time, the same registration goes through.
      await expect(connector.finishKeyRegistration(start.handle, response, { idempotencyKey: 'in-time', displayName: 'Backup key' })).resolves.toMatchObject({ authenticatorId: expect.any(String) });
    } finally {
      secrets.cleanup();
    }
  });

  it('refuses to send a key registered for another origin, which Entra could never accept', async () => {
    const user = await siobhan();
    const start = await connector.beginKeyRegistration(user);
    const response = await registerWithVirtualKey({ ...start, origin: 'https://kiosk.example.test' });
    const sent = fake.server.requests.length;
    await expect(connector.finishKeyRegistration(start.handle, response, { idempotencyKey: 'wrong-origin', displayName: 'Backup key' })).rejects.toMatchObject({ kind: 'permanent', message: expect.stringMatching(/registered for https:\/\/kiosk\.example\.test/) });
    expect(fake.server.requests.length).toBe(sent);
  });

  it('the fake itself refuses a registration for an expired or unknown challenge (Entra verifies it)', async () => {
    const user = await siobhan();
    const start = await connector.beginKeyRegistration(user);
    const response = await registerWithVirtualKey(start);
    fake.forgetChallenges();
    await expect(connector.finishKeyRegistration(start.handle, response, { idempotencyKey: 'forgotten-challenge', displayName: 'Backup key' })).rejects.toMatchObject({ kind: 'permanent', status: 400, idpMessage: expect.stringMatching(/challenge/i) });
    expect(fake.registrationsByCredentialId.has(response.id)).toBe(false);
    fake.refusedRegistrations.length = 0;
  });

  it('says recovery codes are unsupported, with the reason', () => {
    expect(connector.recoveryCodes).toMatchObject({ mode: 'unsupported', reason: { reason: 'idp.noRecoveryCodesEntra', params: { idp: 'Microsoft Entra ID' } } });
    expect(connector.capabilities.recoveryCodes).toBe('unsupported');
  });

  it('revokes a passkey, and revoking it again is not an error', async () => {
    const user = await siobhan();
    const passkeyId = fake.simulateUserAddsPasskey(userId);
    await connector.revokeAuthenticator(user, passkeyId);
    expect((await connector.listAuthenticators(user)).some((a) => a.id === passkeyId)).toBe(false);
    await expect(connector.revokeAuthenticator(user, passkeyId)).resolves.toBeUndefined();
  });

  it('reports health, and a refused connection as not ok', async () => {
    expect(await connector.health()).toMatchObject({ ok: true });
    expect((await refused.health()).ok).toBe(false);
  });

  faultCases('Entra', () => ({
    connector,
    server: fake.server,
    user: { id: userId, displayName: "Siobhán O'Neill", username: null, email: null, badgeId: null },
    revokeAllTokens: () => fake.revokeAllTokens(),
    refusedConnector: refused,
    timeoutConnector: impatient,
  }));
});
