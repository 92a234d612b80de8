import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keycloakIdpConfigSchema } from '../../electron/core/idp/idp-config-schema';
import type { IdpUser } from '../../electron/core/idp/idp-connector';
import { KeycloakConnector } from '../../electron/core/idp/keycloak/keycloak-connector';
import { generateRecoveryCodes, hashRecoveryCodes } from '../../electron/core/idp/recovery-codes';
import { systemClock } from '../../electron/core/ports/clock';
import { connectorsFor, guardFake, tempSecretStore, userByBadge } from '../fakes/connector-setup';
import { contractAvailable, contractTestName } from '../fakes/contracts/contracts-dir';
import { faultCases } from '../fakes/fault-cases';
import { KeycloakFake } from '../fakes/keycloak-fake';
import { registerWithVirtualKey } from '../fakes/virtual-key';

let fake: KeycloakFake;
let connector: KeycloakConnector;
let refused: KeycloakConnector;
let impatient: KeycloakConnector;
let userId: string;
const secretDir = { cleanup: () => undefined as void };

function config(baseUrl: string, timeoutMs?: number) {
  return keycloakIdpConfigSchema.parse({
    kind: 'keycloak',
    baseUrl,
    realm: fake.realm,
    clientId: fake.clientId,
    clientSecretRef: 'idp.keycloak.clientSecret',
    webauthn: { rpId: 'sso.example.test', origin: 'https://sso.example.test' },
    timeoutMs,
  });
}

beforeAll(async () => {
  fake = await KeycloakFake.start();
  const secrets = await tempSecretStore({ 'idp.keycloak.clientSecret': fake.clientSecret });
  secretDir.cleanup = secrets.cleanup;
  const ports = { secrets: secrets.store, clock: systemClock };
  ({ connector, refused, impatient } = await connectorsFor((url, timeoutMs) => new KeycloakConnector(config(url, timeoutMs), ports), fake.baseUrl));
  userId = fake.addUser({ username: 'amira.haddad', email: 'amira@example.test', firstName: 'Amira', lastName: 'Haddad', badgeId: '40021' });
  fake.addUser({ username: 'ben.okafor', email: 'ben@example.test', firstName: 'Ben', lastName: 'Okafor', badgeId: '40022' });
});

guardFake(() => fake, () => secretDir.cleanup());

afterEach(() => {
  expect(fake.credentialProblems, 'credentials Keycloak would reject').toEqual([]);
});

const amira = (): Promise<IdpUser> => userByBadge(connector, '40021');

describe('Keycloak connector against the fake admin API', () => {
  it.skipIf(!contractAvailable('keycloak'))(contractTestName('keycloak'), () => {
    expect(fake.server.contractChecked).toBe(true);
  });

  it('finds the user by badge attribute, by email and by username, and nobody for an unknown badge', async () => {
    const byBadge = await amira();
    expect(byBadge).toMatchObject({ id: userId, displayName: 'Amira Haddad', username: 'amira.haddad', email: 'amira@example.test', badgeId: '40021' });
    expect((await connector.findUser({ email: 'amira@example.test' }))?.id).toBe(userId);
    expect((await connector.findUser({ username: 'amira.haddad' }))?.id).toBe(userId);
    expect(await connector.findUser({ badgeId: '99999' })).toBeNull();
  });

  it('issues the platform-passkey link through the required action and sees the passkey once the attendee creates it', async () => {
    const user = await amira();
    const link = await connector.platformPasskeyLink(user);
    expect(link.kind).toBe('requiredAction');
    expect(link.url).toBe(`${fake.baseUrl}/realms/${fake.realm}/account`);
    expect(Date.parse(link.expiresAt)).toBeGreaterThan(Date.now());
    expect(fake.users.get(userId)?.requiredActions).toContain('webauthn-register-passwordless');
    expect(fake.actionEmails.at(-1)).toMatchObject({ userId, actions: ['webauthn-register-passwordless'], lifespan: '3600' });

    const before = await connector.listAuthenticators(user);
    const passkeyId = fake.simulateUserAddsPasskey(userId);
    const after = await connector.listAuthenticators(user);
    const added = after.filter((a) => !before.some((b) => b.id === a.id));
    expect(added).toEqual([expect.objectContaining({ id: passkeyId, type: 'passkey' })]);
  });

  it('registers the backup key through the virtual authenticator, imports it with the exact credentialData, exactly once', async () => {
    const user = await amira();
    const start = await connector.beginKeyRegistration(user);
    expect(start.origin).toBe('https://sso.example.test');
    expect(start.options.rp.id).toBe('sso.example.test');
    const response = await registerWithVirtualKey(start);
    const options = { idempotencyKey: `key:${userId}:${response.id}`, displayName: 'Backup key' };
    const { authenticatorId } = await connector.finishKeyRegistration(start.handle, response, options);
    // A retry after a crash finds the credential instead of importing it twice.
    const again = await connector.finishKeyRegistration(JSON.parse(JSON.stringify(start.handle)), response, options);
    expect(again.authenticatorId).toBe(authenticatorId);
    const credentialId = Buffer.from(response.id, 'base64url').toString('base64');
    expect(fake.registrationsByCredentialId.get(credentialId)).toBe(1);
    const stored = fake.credentials.get(userId)?.find((c) => c.id === authenticatorId);
    expect(stored?.type).toBe('webauthn-passwordless');
    expect(stored?.secretData).toBe('{}');
    expect(Object.keys(JSON.parse(stored?.credentialData ?? '{}')).sort()).toEqual(['aaguid', 'attestationStatement', 'attestationStatementFormat', 'counter', 'credentialId', 'credentialPublicKey', 'transports']);
    const listed = await connector.listAuthenticators(user);
    expect(listed.find((a) => a.id === authenticatorId)).toMatchObject({ type: 'securityKey', aaguid: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('refuses a registration answered for another challenge before anything reaches Keycloak', async () => {
    const user = await connector.findUser({ badgeId: '40022' });
    if (!user) throw new Error('user not found');
    const first = await connector.beginKeyRegistration(user);
    const second = await connector.beginKeyRegistration(user);
    const response = await registerWithVirtualKey(first);
    const imports = fake.registrationsByCredentialId.size;
    await expect(connector.finishKeyRegistration(second.handle, response, { idempotencyKey: 'wrong-challenge', displayName: 'Backup key' })).rejects.toMatchObject({ kind: 'permanent', message: expect.stringMatching(/did not verify/) });
    expect(fake.registrationsByCredentialId.size).toBe(imports);
  });

  it('stores recovery codes as SHA-512 hashes only; Keycloak accepts the printed codes and never saw them', async () => {
    const user = await amira();
    expect(connector.recoveryCodes.mode).toBe('kioskIssuedHashed');
    if (connector.recoveryCodes.mode !== 'kioskIssuedHashed') return;
    const codes = generateRecoveryCodes(connector.recoveryCodes.codeCount);
    expect(codes).toHaveLength(12);
    const { authenticatorId } = await connector.recoveryCodes.store(user, hashRecoveryCodes(codes), { idempotencyKey: `codes:${userId}:1` });
    const again = await connector.recoveryCodes.store(user, hashRecoveryCodes(codes), { idempotencyKey: `codes:${userId}:1` });
    expect(again.authenticatorId).toBe(authenticatorId);
    expect(fake.credentials.get(userId)?.filter((c) => c.type === 'recovery-authn-codes')).toHaveLength(1);
    for (const code of codes) {
      expect(fake.acceptsRecoveryCode(userId, code)).toBe(true);
      for (const body of fake.receivedBodies) expect(body).not.toContain(code);
    }
    expect(fake.acceptsRecoveryCode(userId, 'ABCDEFGHJKMN')).toBe(false);
    expect((await connector.listAuthenticators(user)).find((a) => a.id === authenticatorId)?.type).toBe('recoveryCodes');
  });

  it('revokes an authenticator, and revoking it again is not an error', async () => {
    const user = await amira();
    const passkeyId = fake.simulateUserAddsPasskey(userId);
    await connector.revokeAuthenticator(user, passkeyId);
    expect((await connector.listAuthenticators(user)).some((a) => a.id === passkeyId)).toBe(false);
    await expect(connector.revokeAuthenticator(user, passkeyId)).resolves.toBeUndefined();
  });

  it('reports health with latency, and a refused connection as not ok', async () => {
    const health = await connector.health();
    expect(health).toMatchObject({ ok: true, says: { reason: 'idp.connectedRealm', params: { realm: fake.realm } } });
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
    const down = await refused.health();
    expect(down.ok).toBe(false);
    // The status screen shows why in the facilitator's language.
    expect(down.says).toMatchObject({ reason: 'idp.connectionRefused', params: { idp: 'Keycloak' } });
  });

  faultCases('Keycloak', () => ({
    connector,
    server: fake.server,
    user: { id: userId, displayName: 'Amira Haddad', username: 'amira.haddad', email: null, badgeId: '40021' },
    revokeAllTokens: () => fake.revokeAllTokens(),
    refusedConnector: refused,
    timeoutConnector: impatient,
  }));
});
