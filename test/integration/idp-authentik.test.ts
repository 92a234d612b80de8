import { beforeAll, describe, expect, it } from 'vitest';
import { AuthentikConnector } from '../../electron/core/idp/authentik/authentik-connector';
import { authentikIdpConfigSchema } from '../../electron/core/idp/idp-config-schema';
import type { IdpUser } from '../../electron/core/idp/idp-connector';
import { systemClock } from '../../electron/core/ports/clock';
import type { FileSecretStore } from '../../electron/core/secrets/file-secret-store';
import { AUTHENTIK_ORIGIN, AuthentikFake } from '../fakes/authentik-fake';
import { connectorsFor, guardFake, tempSecretStore, userByBadge } from '../fakes/connector-setup';
import { contractAvailable, contractTestName } from '../fakes/contracts/contracts-dir';
import { faultCases } from '../fakes/fault-cases';
import { registerWithVirtualKey } from '../fakes/virtual-key';

const TOKEN_REF = 'idp.authentik.apiToken';
let fake: AuthentikFake;
let store: FileSecretStore;
let connector: AuthentikConnector;
let refused: AuthentikConnector;
let impatient: AuthentikConnector;
let userPk: number;
const secretDir = { cleanup: () => undefined as void };

function config(baseUrl: string, extra: Record<string, unknown> = {}) {
  return authentikIdpConfigSchema.parse({ kind: 'authentik', baseUrl, apiTokenRef: TOKEN_REF, keyFlowSlug: 'kiosk-key-setup', webauthnOrigin: AUTHENTIK_ORIGIN, ...extra });
}

beforeAll(async () => {
  fake = await AuthentikFake.start();
  const secrets = await tempSecretStore({ [TOKEN_REF]: fake.apiToken });
  store = secrets.store;
  secretDir.cleanup = secrets.cleanup;
  const ports = { secrets: store, clock: systemClock };
  ({ connector, refused, impatient } = await connectorsFor((url, timeoutMs) => new AuthentikConnector(config(url, { timeoutMs }), ports), fake.baseUrl));
  userPk = fake.addUser({ username: 'li.wei', name: 'Li Wei', email: 'li.wei@example.test', badgeId: '70031' });
  fake.addUser({ username: 'maria.santos', name: 'Maria Santos', email: 'maria@example.test', badgeId: '70032' });
});

guardFake(() => fake, () => secretDir.cleanup());

const liWei = (): Promise<IdpUser> => userByBadge(connector, '70031');

describe('authentik connector against the fake API v3', () => {
  it.skipIf(!contractAvailable('authentik'))(contractTestName('authentik'), () => {
    expect(fake.server.contractChecked).toBe(true);
  });

  it('finds the user by attributes JSON, by email and by username, and nobody for an unknown badge', async () => {
    expect(await liWei()).toMatchObject({ id: String(userPk), displayName: 'Li Wei', username: 'li.wei', badgeId: '70031' });
    expect((await connector.findUser({ email: 'li.wei@example.test' }))?.id).toBe(String(userPk));
    expect((await connector.findUser({ username: 'li.wei' }))?.id).toBe(String(userPk));
    expect(await connector.findUser({ badgeId: '99999' })).toBeNull();
  });

  it('issues a recovery link for the QR and sees the passkey once the attendee adds it', async () => {
    const user = await liWei();
    const link = await connector.platformPasskeyLink(user);
    expect(link).toMatchObject({ kind: 'recoveryLink', url: expect.stringMatching(/\/recovery\/use-token\/[^/]+\/$/), code: null });
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(25 * 60_000);
    const before = await connector.listAuthenticators(user);
    const passkeyId = fake.simulateUserAddsPasskey(userPk);
    const added = (await connector.listAuthenticators(user)).filter((a) => !before.some((b) => b.id === a.id));
    expect(added).toEqual([expect.objectContaining({ id: passkeyId, type: 'passkey' })]);
  });

  it('drives the set-up flow: the WebAuthn stage takes the virtual key\'s registration once, then the static stage gives codes to print', async () => {
    const user = await liWei();
    const start = await connector.beginKeyRegistration(user);
    expect(start.origin).toBe(AUTHENTIK_ORIGIN);
    expect(start.options.rp.id).toBe('auth.example.test');
    const response = await registerWithVirtualKey(start);
    const options = { idempotencyKey: `key:${userPk}:${response.id}`, displayName: 'Backup key' };
    const { authenticatorId } = await connector.finishKeyRegistration(start.handle, response, options);
    expect(authenticatorId).toMatch(/^webauthn:\d+$/);
    expect(await connector.finishKeyRegistration(start.handle, response, options)).toEqual({ authenticatorId });
    expect(fake.registrationsByCredentialId.get(response.id)).toBe(1);
    expect(fake.refusedRegistrations).toEqual([]);

    expect(connector.recoveryCodes.mode).toBe('idpIssued');
    if (connector.recoveryCodes.mode !== 'idpIssued') return;
    const issued = await connector.recoveryCodes.issue(user);
    expect(issued.codes).toHaveLength(6);
    expect(issued.authenticatorId).toMatch(/^static:\d+$/);
    const staticDevice = fake.devices.find((d) => `static:${d.pk}` === issued.authenticatorId);
    expect(staticDevice?.confirmed).toBe(true);
  });

  it('gets recovery codes from a separate static-token flow when configured', async () => {
    const separate = new AuthentikConnector(config(fake.baseUrl, { recoveryCodesFlowSlug: 'kiosk-recovery-codes' }), { secrets: store, clock: systemClock });
    if (separate.recoveryCodes.mode !== 'idpIssued') throw new Error('expected idpIssued');
    const issued = await separate.recoveryCodes.issue(await liWei());
    expect(issued.codes.every((code) => /^[0-9a-f]{12}$/.test(code))).toBe(true);
    expect((await separate.listAuthenticators(await liWei())).find((a) => a.id === issued.authenticatorId)?.type).toBe('recoveryCodes');
  });

  it('lists no unconfirmed device: the static-token stage after a key waits unconfirmed, and its codes confirm that device, not an older sheet\'s', async () => {
    const user = await liWei();
    const olderSheets = fake.devices.filter((d) => d.userPk === userPk && d.kind === 'static' && d.confirmed);
    expect(olderSheets.length, 'the tests above left confirmed sheets').toBeGreaterThan(0);
    const start = await connector.beginKeyRegistration(user);
    const response = await registerWithVirtualKey(start);
    await connector.finishKeyRegistration(start.handle, response, { idempotencyKey: `key:${userPk}:${response.id}`, displayName: 'Backup key' });
    const waiting = fake.devices.find((d) => d.userPk === userPk && d.kind === 'static' && !d.confirmed);
    if (!waiting) throw new Error('the key flow did not move on to its static-token stage');
    expect((await connector.listAuthenticators(user)).map((a) => a.id)).not.toContain(`static:${waiting.pk}`);

    if (connector.recoveryCodes.mode !== 'idpIssued') throw new Error('expected idpIssued');
    const issued = await connector.recoveryCodes.issue(user);
    expect(waiting.confirmed).toBe(true);
    expect(issued).toEqual({ codes: waiting.tokens, authenticatorId: `static:${waiting.pk}` });
    expect((await connector.listAuthenticators(user)).find((a) => a.id === issued.authenticatorId)?.type).toBe('recoveryCodes');
  });

  it('reports authentik refusing a registration for the wrong origin with authentik\'s reason', async () => {
    const user = await liWei();
    const start = await connector.beginKeyRegistration(user);
    const response = await registerWithVirtualKey({ ...start, origin: 'https://kiosk.example.test' });
    await expect(connector.finishKeyRegistration(start.handle, response, { idempotencyKey: 'wrong-origin', displayName: 'Backup key' })).rejects.toMatchObject({ kind: 'permanent', message: expect.stringMatching(/refused the backup key/) });
    expect(fake.registrationsByCredentialId.has(response.id)).toBe(false);
  });

  it('says clearly that a flow without a WebAuthn stage cannot register a key', async () => {
    const wrong = new AuthentikConnector(config(fake.baseUrl, { keyFlowSlug: 'kiosk-recovery-codes' }), { secrets: store, clock: systemClock });
    await expect(wrong.beginKeyRegistration(await liWei())).rejects.toMatchObject({ kind: 'permanent', message: expect.stringMatching(/cannot answer|without a/) });
  });

  it('revokes a device, and revoking it again is not an error', async () => {
    const user = await liWei();
    const passkeyId = fake.simulateUserAddsPasskey(userPk);
    await connector.revokeAuthenticator(user, passkeyId);
    expect((await connector.listAuthenticators(user)).some((a) => a.id === passkeyId)).toBe(false);
    await expect(connector.revokeAuthenticator(user, passkeyId)).resolves.toBeUndefined();
  });

  it('reports health, and a refused connection as not ok', async () => {
    expect(await connector.health()).toMatchObject({ ok: true });
    expect((await refused.health()).ok).toBe(false);
  });

  faultCases('authentik', () => ({
    connector,
    server: fake.server,
    user: { id: String(userPk), displayName: 'Li Wei', username: null, email: null, badgeId: null },
    revokeAllTokens: () => store.set(TOKEN_REF, fake.rotateApiToken()),
    refusedConnector: refused,
    timeoutConnector: impatient,
    tokenCached: false,
  }));
});
