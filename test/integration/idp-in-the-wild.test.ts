import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuthentikConnector } from '../../electron/core/idp/authentik/authentik-connector';
import { EntraConnector } from '../../electron/core/idp/entra/entra-connector';
import { authentikIdpConfigSchema, entraIdpConfigSchema, keycloakIdpConfigSchema } from '../../electron/core/idp/idp-config-schema';
import type { IdpConnector } from '../../electron/core/idp/idp-connector';
import { IdpError } from '../../electron/core/idp/idp-error';
import { KeycloakConnector } from '../../electron/core/idp/keycloak/keycloak-connector';
import { systemClock } from '../../electron/core/ports/clock';
import type { FileSecretStore } from '../../electron/core/secrets/file-secret-store';
import { AUTHENTIK_ORIGIN, AuthentikFake } from '../fakes/authentik-fake';
import { tempSecretStore } from '../fakes/connector-setup';
import { EntraFake } from '../fakes/entra-fake';
import { KeycloakFake } from '../fakes/keycloak-fake';
import { registerWithVirtualKey } from '../fakes/virtual-key';

/**
 * The connectors against IdPs as they answer in the wild: lists that come in pages, searches
 * looser than equality, totals larger than what was sent, token lifetimes as text. The fakes
 * still check every request and answer against the IdP's contract.
 */

let entra: EntraFake;
let keycloak: KeycloakFake;
let authentik: AuthentikFake;
let secrets: FileSecretStore;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  [entra, keycloak, authentik] = await Promise.all([EntraFake.start(), KeycloakFake.start(), AuthentikFake.start()]);
  const store = await tempSecretStore({ entra: entra.clientSecret, keycloak: keycloak.clientSecret, authentik: authentik.apiToken });
  secrets = store.store;
  cleanups.push(store.cleanup);
});

afterEach(() => {
  for (const fake of [entra, keycloak, authentik]) expect(fake.server.violations, `${fake.server.name} contract violations`).toEqual([]);
  entra.pageSize = null;
  entra.looseSearch = false;
  keycloak.looseSearch = false;
  authentik.pageSize = null;
  authentik.looseSearch = false;
});

afterAll(async () => {
  await Promise.all([entra.stop(), keycloak.stop(), authentik.stop()]);
  cleanups.forEach((cleanup) => cleanup());
});

const ports = () => ({ secrets, clock: systemClock });
const entraConnector = () =>
  new EntraConnector(entraIdpConfigSchema.parse({ kind: 'entra', tenantId: entra.tenantId, clientId: entra.clientId, clientSecretRef: 'entra', authorityUrl: entra.baseUrl, graphUrl: entra.baseUrl }), ports());
const keycloakConnector = () =>
  new KeycloakConnector(
    keycloakIdpConfigSchema.parse({ kind: 'keycloak', baseUrl: keycloak.baseUrl, realm: keycloak.realm, clientId: keycloak.clientId, clientSecretRef: 'keycloak', webauthn: { rpId: 'sso.example.test', origin: 'https://sso.example.test' } }),
    ports(),
  );
const authentikConnector = () =>
  new AuthentikConnector(authentikIdpConfigSchema.parse({ kind: 'authentik', baseUrl: authentik.baseUrl, apiTokenRef: 'authentik', keyFlowSlug: 'kiosk-key-setup', webauthnOrigin: AUTHENTIK_ORIGIN }), ports());

async function refusal(promise: Promise<unknown>): Promise<IdpError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IdpError);
  return error as IdpError;
}

async function duplicateRefused(connector: IdpConnector, badgeId: string, count: number): Promise<void> {
  const error = await refusal(connector.findUser({ badgeId }));
  expect(error.kind).toBe('permanent');
  expect(error.message).toMatch(new RegExp(`has ${count} users matching badge ${badgeId}\\b.*needs exactly one\\. Ask IT to fix the duplicate\\.`));
  expect(error.says).toEqual({ reason: 'idp.manyUsers', params: { idp: expect.any(String) as unknown, count, searchField: 'badgeId', searchValue: badgeId } });
}

describe('Entra: @odata.nextLink, @odata.count, exact badges', () => {
  it('finds the one exact badge on page 3 of a looser search, and nobody where the search only found longer badges', async () => {
    const connector = entraConnector();
    for (let i = 0; i < 4; i += 1) entra.addUser({ displayName: `Near ${i}`, userPrincipalName: `near${i}@contoso.example`, employeeId: `6100${i}` });
    const id = entra.addUser({ displayName: 'Exact Match', userPrincipalName: 'exact@contoso.example', employeeId: '6100' });
    entra.addUser({ displayName: 'Only Longer', userPrincipalName: 'longer@contoso.example', employeeId: '630011' });
    entra.pageSize = 2;
    entra.looseSearch = true;
    const searches = () => entra.server.requests.filter((r) => r.operation === 'listUsers').length;
    const before = searches();
    expect(await connector.findUser({ badgeId: '6100' })).toMatchObject({ id, badgeId: '6100' });
    expect(searches() - before).toBe(3);
    expect(await connector.findUser({ badgeId: '63001' })).toBeNull();
  });

  it('refuses two people with one badge on different pages', async () => {
    entra.addUser({ displayName: 'Twin One', userPrincipalName: 'twin1@contoso.example', employeeId: '6200' });
    entra.addUser({ displayName: 'Twin Two', userPrincipalName: 'twin2@contoso.example', employeeId: '6200' });
    entra.pageSize = 1;
    await duplicateRefused(entraConnector(), '6200', 2);
  });

  it('refuses when @odata.count says there are more matches than Graph sent', async () => {
    const connector = entraConnector();
    const id = entra.addUser({ displayName: 'Counted Once', userPrincipalName: 'counted@contoso.example', employeeId: '6300' });
    expect((await connector.findUser({ badgeId: '6300' }))?.id).toBe(id);
    const seen = { id, displayName: 'Counted Once', userPrincipalName: 'counted@contoso.example', mail: null, employeeId: '6300' };
    entra.server.inject({ kind: 'reply', reply: { status: 200, body: { '@odata.count': 2, value: [seen] } } });
    const error = await refusal(connector.findUser({ badgeId: '6300' }));
    expect(error.message).toMatch(/has 2 users matching badge 6300 \(it reports 2 hits for the search but sent only 1\)/);
  });

  it('does not follow a next-page link to another host with its token', async () => {
    entra.server.inject({ kind: 'reply', reply: { status: 200, body: { value: [], '@odata.nextLink': 'https://graph.example.invalid/v1.0/users?$skiptoken=abc' } } });
    const error = await refusal(entraConnector().findUser({ badgeId: '6400' }));
    expect(error.kind).toBe('permanent');
    expect(error.message).toMatch(/next-page link to another address than http:\/\/127\.0\.0\.1:\d+; .*idp\.graphUrl/);
    expect(error.says?.reason).toBe('idp.nextLinkElsewhere');
  });

  it('lists every passkey across pages, and a retried registration finds its key on page 3 instead of posting it again', async () => {
    const connector = entraConnector();
    const userId = entra.addUser({ displayName: 'Many Keys', userPrincipalName: 'many@contoso.example', employeeId: '6500' });
    const user = (await connector.findUser({ badgeId: '6500' }))!;
    for (let i = 0; i < 4; i += 1) entra.simulateUserAddsPasskey(userId);
    const start = await connector.beginKeyRegistration(user);
    const response = await registerWithVirtualKey(start);
    const options = { idempotencyKey: `key:${userId}:${response.id}`, displayName: 'Backup key' };
    const { authenticatorId } = await connector.finishKeyRegistration(start.handle, response, options);
    entra.pageSize = 2;
    expect((await connector.listAuthenticators(user)).map((a) => a.id)).toContain(authenticatorId);
    expect(await connector.listAuthenticators(user)).toHaveLength(5);
    await expect(connector.finishKeyRegistration(start.handle, response, options)).resolves.toEqual({ authenticatorId });
    expect(entra.registrationsByCredentialId.get(response.id)).toBe(1);
    expect(entra.refusedRegistrations).toEqual([]);
  });

  it('stops after 50 pages with an error that says what to do', async () => {
    const connector = entraConnector();
    const userId = entra.addUser({ displayName: 'Endless', userPrincipalName: 'endless@contoso.example', employeeId: '6600' });
    const user = (await connector.findUser({ badgeId: '6600' }))!;
    for (let i = 0; i < 51; i += 1) entra.simulateUserAddsPasskey(userId);
    entra.pageSize = 1;
    const error = await refusal(connector.listAuthenticators(user));
    expect(error.kind).toBe('permanent');
    expect(error.message).toMatch(/still offered another page after 50 pages; the kiosk stopped there\. One person never has that much: ask IT to check this person at the IdP\./);
    expect(error.during).toBe("listing the user's passkeys");
    expect(error.says).toEqual({ reason: 'idp.tooManyPages', params: { idp: 'Microsoft Entra ID', pages: 50 } });
  });

  it('takes expires_in as text ("3599") from the token endpoint', async () => {
    entra.expiresInAsText = true;
    try {
      const id = entra.addUser({ displayName: 'Text Token', userPrincipalName: 'text@contoso.example', employeeId: '6700' });
      expect((await entraConnector().findUser({ badgeId: '6700' }))?.id).toBe(id);
    } finally {
      entra.expiresInAsText = false;
    }
  });
});

describe('Keycloak: first/max, exact badges', () => {
  it('reads the search page by page (100 per page) and finds the exact badge on page 2 of a looser search', async () => {
    for (let i = 0; i < 120; i += 1) keycloak.addUser({ username: `near.${i}`, badgeId: `7100${i}` });
    const id = keycloak.addUser({ username: 'exact.match', badgeId: '7100' });
    keycloak.looseSearch = true;
    expect(await keycloakConnector().findUser({ badgeId: '7100' })).toMatchObject({ id, badgeId: '7100' });
  });

  it('refuses two people with one badge on different pages', async () => {
    keycloak.addUser({ username: 'twin.one', badgeId: '7200' });
    for (let i = 0; i < 110; i += 1) keycloak.addUser({ username: `between.${i}`, badgeId: `7200${i}` });
    keycloak.addUser({ username: 'twin.two', badgeId: '7200' });
    keycloak.looseSearch = true;
    await duplicateRefused(keycloakConnector(), '7200', 2);
  });

  it('finds nobody where the search only found a longer badge (40021 is not 400211)', async () => {
    keycloak.addUser({ username: 'only.longer', badgeId: '730011' });
    keycloak.looseSearch = true;
    expect(await keycloakConnector().findUser({ badgeId: '73001' })).toBeNull();
  });

  it('takes expires_in as text ("300") from the token endpoint', async () => {
    keycloak.expiresInAsText = true;
    try {
      const id = keycloak.addUser({ username: 'text.token', badgeId: '7400' });
      expect((await keycloakConnector().findUser({ badgeId: '7400' }))?.id).toBe(id);
    } finally {
      keycloak.expiresInAsText = false;
    }
  });
});

describe('authentik: pagination.next, exact badges', () => {
  it('follows pagination.next to the exact badge on page 3 of a looser search, and finds nobody where it only found longer badges', async () => {
    const connector = authentikConnector();
    for (let i = 0; i < 4; i += 1) authentik.addUser({ username: `near${i}`, name: `Near ${i}`, email: `near${i}@example.test`, badgeId: `8100${i}` });
    const pk = authentik.addUser({ username: 'exact', name: 'Exact Match', email: 'exact@example.test', badgeId: '8100' });
    authentik.addUser({ username: 'longer', name: 'Only Longer', email: 'longer@example.test', badgeId: '830011' });
    authentik.pageSize = 2;
    authentik.looseSearch = true;
    expect(await connector.findUser({ badgeId: '8100' })).toMatchObject({ id: String(pk), badgeId: '8100' });
    expect(await connector.findUser({ badgeId: '83001' })).toBeNull();
  });

  it('refuses two people with one badge on different pages', async () => {
    authentik.addUser({ username: 'twin1', name: 'Twin One', email: 'twin1@example.test', badgeId: '8200' });
    authentik.addUser({ username: 'twin2', name: 'Twin Two', email: 'twin2@example.test', badgeId: '8200' });
    authentik.pageSize = 1;
    await duplicateRefused(authentikConnector(), '8200', 2);
  });
});
