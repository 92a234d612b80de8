import { afterEach, describe, expect, it } from 'vitest';
import { createSocketBackend } from '../../electron/core/fido/hid/socket-backend';
import { startVirtualAuthenticatorServer, type VirtualAuthenticatorServer } from '../../electron/core/fido/virtual';
import { VirtualAuthenticator } from '../../electron/core/fido/virtual/virtual-authenticator';
import { VIRTUAL_AUTHENTICATOR_AAGUID } from '../../electron/core/fido/virtual/virtual-aaguid';
import { FileSecretStore } from '../../electron/core/secrets/file-secret-store';
import type { ErrorBody } from '../../shared/contract/errors';
import { AuthentikFake } from '../fakes/authentik-fake';
import { contractAvailable } from '../fakes/contracts/contracts-dir';
import { EntraFake } from '../fakes/entra-fake';
import { DEFAULT_PASSKEY_PROFILE_ID } from '../fakes/entra-passkey-policy';
import type { FakeIdpServer } from '../fakes/fake-idp-server';
import { KeycloakFake } from '../fakes/keycloak-fake';
import { keycloakIdpConfigSchema } from '../../electron/core/idp/idp-config-schema';
import { KeycloakConnector } from '../../electron/core/idp/keycloak/keycloak-connector';
import { systemClock } from '../../electron/core/ports/clock';
import { tempSecretStore, userByBadge } from '../fakes/connector-setup';
import { sessionCore } from './helpers/session-core';

/**
 * Pre-flight at each IdP fake (contract validation on): with a restrictive policy the
 * backup-key step refuses the kiosk's key with the IdP's reason, naming the IdP's setting,
 * before anything is written: the key keeps no PIN and no credential (read from the virtual
 * authenticator itself), and the IdP was asked for no registration. With the IdP's default
 * policy the same key is registered.
 */

const PIN = '582914';
const person = { badge: '620011', givenName: 'Leonie', familyName: 'Brandt', email: 'leonie.brandt@example.com' };
const roster = ['Badge ID,Given name,Family name,Email,Department,Manager', `${person.badge},${person.givenName},${person.familyName},${person.email},Finance,Henrike Schäfer`].join('\n');

interface Rig {
  server: FakeIdpServer;
  idp: Record<string, unknown>;
  secret: { ref: string; value: string };
  stop(): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function keycloakRig(): Promise<Rig & { fake: KeycloakFake }> {
  const fake = await KeycloakFake.start();
  fake.addUser({ username: person.email, email: person.email, firstName: person.givenName, lastName: person.familyName, badgeId: person.badge });
  const local = fake.server.localBaseUrl;
  const idp = { kind: 'keycloak', baseUrl: local, realm: fake.realm, clientId: fake.clientId, clientSecretRef: 'idp.keycloak.clientSecret', webauthn: { rpId: 'localhost', origin: local } };
  return { fake, server: fake.server, idp, secret: { ref: 'idp.keycloak.clientSecret', value: fake.clientSecret }, stop: () => fake.stop() };
}

async function entraRig(): Promise<Rig & { fake: EntraFake; userId: string }> {
  const fake = await EntraFake.start();
  const userId = fake.addUser({ displayName: `${person.givenName} ${person.familyName}`, userPrincipalName: person.email, mail: person.email, employeeId: person.badge });
  const local = fake.server.localBaseUrl;
  const idp = { kind: 'entra', tenantId: fake.tenantId, clientId: fake.clientId, clientSecretRef: 'idp.entra.clientSecret', authorityUrl: local, graphUrl: local, mySecurityInfoUrl: fake.mySecurityInfoUrl };
  return { fake, userId, server: fake.server, idp, secret: { ref: 'idp.entra.clientSecret', value: fake.clientSecret }, stop: () => fake.stop() };
}

async function authentikRig(): Promise<Rig & { fake: AuthentikFake }> {
  const fake = await AuthentikFake.start();
  fake.addUser({ username: person.email, name: `${person.givenName} ${person.familyName}`, email: person.email, badgeId: person.badge });
  const local = fake.server.localBaseUrl;
  const idp = { kind: 'authentik', baseUrl: local, apiTokenRef: 'idp.authentik.apiToken', keyFlowSlug: 'kiosk-key-setup', webauthnOrigin: local };
  return { fake, server: fake.server, idp, secret: { ref: 'idp.authentik.apiToken', value: fake.apiToken }, stop: () => fake.stop() };
}

/**
 * The kiosk (whole core, training mode, real SQLite) aimed at the fake, with its own virtual
 * key plugged in over the socket backend, and the attendee at the backup-key step (the phone
 * step skipped with a reason).
 */
async function atTheBackupKey(rig: Rig) {
  cleanups.push(() => rig.stop());
  const authenticator = new VirtualAuthenticator();
  const key: VirtualAuthenticatorServer = await startVirtualAuthenticatorServer({ authenticator });
  cleanups.push(() => key.close());
  const h = sessionCore({ mode: 'training', idp: rig.idp } as Parameters<typeof sessionCore>[0], { hid: createSocketBackend({ port: key.port }) });
  cleanups.push(() => h.close());
  await new FileSecretStore({ dataDir: h.dataDir, warn: () => undefined }).set(rig.secret.ref, rig.secret.value);
  const session = await h.call('session.start', { department: 'Finance', room: 'C-1', plannedMinutes: 30 });
  await h.call('roster.import', { sessionId: session.id, fileBase64: Buffer.from(roster).toString('base64') });
  const outcome = await h.call('badge.scan', { sessionId: session.id, raw: person.badge });
  if (outcome.kind !== 'matched') throw new Error('the badge matched nobody');
  const who = { sessionId: session.id, attendeeId: outcome.attendee.id };
  await h.call('identity.confirm', { ...who, faceConfirmed: true, secondSignal: 'managerPresent' });
  const view = await h.call('journey.skip', { ...who, step: 'platformPasskey', reason: 'noSmartphone' });
  expect(view.place).toBe('backupKey');
  const [plugged] = (await h.call('keys.list', {})).keys;
  if (!plugged) throw new Error('the virtual key is not listed');
  const path = plugged.path;
  return {
    h,
    who,
    authenticator,
    /** Refused at inspection, at setPin and at register, each time for the IdP's reason, with nothing written. */
    async expectRefused(code: string, reason: string, setting: RegExp): Promise<ErrorBody> {
      const before = authenticator.describe();
      const inspected = await h.call('journey.key.inspect', { ...who, path });
      if (inspected?.next.stage !== 'problem') throw new Error(`expected a refusal, got ${JSON.stringify(inspected?.next)}`);
      const problem = inspected.next.problem;
      expect(problem).toMatchObject({ code, details: expect.objectContaining({ preflight: true, aaguid: VIRTUAL_AUTHENTICATOR_AAGUID }) });
      expect(problem.reason).toBe(reason);
      expect(String(problem.params.setting)).toMatch(setting);
      expect(await h.fail('journey.key.setPin', { ...who, path, pin: PIN })).toMatchObject({ code, reason, params: problem.params });
      expect(await h.fail('journey.key.register', { ...who, path, pin: PIN })).toMatchObject({ code, reason, params: problem.params });
      const after = authenticator.describe();
      expect({ pinSet: after.pinSet, credentials: after.discoverableCredentials }).toEqual({ pinSet: before.pinSet, credentials: before.discoverableCredentials });
      expect(after.discoverableCredentials).toBe(0);
      return problem;
    },
    /** The IdP takes the key: PIN set, credential made, step done. */
    async expectRegistered(): Promise<void> {
      const inspected = await h.call('journey.key.inspect', { ...who, path });
      expect(inspected?.next).toEqual({ stage: 'newPin' });
      await h.call('journey.key.setPin', { ...who, path, pin: PIN });
      const view = await h.call('journey.key.register', { ...who, path, pin: PIN });
      expect(view.steps.backupKey?.status).toBe('done');
      expect(authenticator.describe().discoverableCredentials).toBe(1);
    },
  };
}

/** The policy was read through the contract's own operation, and nothing broke the contract. */
function expectContractKept(server: FakeIdpServer, contract: 'entra' | 'keycloak' | 'authentik', operation: string): void {
  expect(server.violations, 'contract violations').toEqual([]);
  if (contractAvailable(contract)) {
    expect(server.requests.some((r) => r.operation === operation && r.status === 200), `${operation} answered under contract`).toBe(true);
  }
}

describe('Keycloak: the realm WebAuthn Passwordless Policy', () => {
  it('refuses a key outside Acceptable AAGUIDs, then takes it once the list names it', async () => {
    const rig = await keycloakRig();
    const kiosk = await atTheBackupKey(rig);
    rig.fake.passwordlessPolicy.webAuthnPolicyPasswordlessAcceptableAaguids = ['cb69481e-8ff7-4039-93ec-0a2729a154a8'];
    await kiosk.expectRefused('key_not_allowed', 'idp.preflightModelRefused', /Acceptable AAGUIDs/);
    rig.fake.passwordlessPolicy.webAuthnPolicyPasswordlessAcceptableAaguids = [VIRTUAL_AUTHENTICATOR_AAGUID];
    await kiosk.expectRegistered();
    expectContractKept(rig.server, 'keycloak', 'get /admin/realms/{realm}');
  });

  it('refuses every security key when the realm takes platform authenticators only, and a key without the realm signature algorithms', async () => {
    const rig = await keycloakRig();
    const kiosk = await atTheBackupKey(rig);
    rig.fake.passwordlessPolicy.webAuthnPolicyPasswordlessAuthenticatorAttachment = 'platform';
    await kiosk.expectRefused('idp_rejected', 'idp.preflightPlatformOnly', /Authenticator Attachment/);
    rig.fake.passwordlessPolicy.webAuthnPolicyPasswordlessAuthenticatorAttachment = 'cross-platform';
    rig.fake.passwordlessPolicy.webAuthnPolicyPasswordlessSignatureAlgorithms = ['RS256'];
    const problem = await kiosk.expectRefused('key_not_allowed', 'idp.preflightAlgorithms', /Signature algorithms/);
    expect(problem.params.algorithms).toBe('RS256');
    expect(rig.server.requests.filter((r) => r.method === 'PUT')).toEqual([]);
    expect(rig.server.violations).toEqual([]);
  });
});

describe('Keycloak: the kiosk-issued challenge follows the realm policy', () => {
  it('asks the key for the realm signature algorithms in the realm order, and the local verification holds the key to them', async () => {
    const rig = await keycloakRig();
    cleanups.push(() => rig.stop());
    const secrets = await tempSecretStore({ [rig.secret.ref]: rig.secret.value });
    cleanups.push(async () => secrets.cleanup());
    const connector = new KeycloakConnector(keycloakIdpConfigSchema.parse(rig.idp), { secrets: secrets.store, clock: systemClock });
    const user = await userByBadge(connector, person.badge);
    rig.fake.passwordlessPolicy.webAuthnPolicyPasswordlessSignatureAlgorithms = ['RS256', 'ES256'];
    const start = await connector.beginKeyRegistration(user);
    expect(start.options.pubKeyCredParams.map((p) => p.alg)).toEqual([-257, -7]);
    expect(start.handle).toMatchObject({ algorithms: [-257, -7] });
    rig.fake.passwordlessPolicy.webAuthnPolicyPasswordlessSignatureAlgorithms = ['ES256', 'RS256', 'a name Keycloak may add later'];
    expect((await connector.beginKeyRegistration(user)).options.pubKeyCredParams.map((p) => p.alg)).toEqual([-7, -257]);
    expect(rig.server.violations).toEqual([]);
  });
});

describe('Entra: the passkey (FIDO2) settings and the person’s passkey profile', () => {
  it('refuses while self-service set-up is off, asking Graph for no creation options', async () => {
    const rig = await entraRig();
    const kiosk = await atTheBackupKey(rig);
    rig.fake.fido2Policy.isSelfServiceRegistrationAllowed = false;
    await kiosk.expectRefused('idp_rejected', 'idp.preflightSelfServiceOff', /Allow self-service set up/);
    expect(rig.server.requests.filter((r) => r.path.includes('creationOptions') || r.operation === 'registerFido2')).toEqual([]);
    expectContractKept(rig.server, 'entra', 'getFido2Configuration');
  });

  it('refuses by the passkey profile of the person’s group (membership from checkMemberGroups): an AAGUID allow list, enforced attestation, synced passkeys only', async () => {
    const rig = await entraRig();
    const kiosk = await atTheBackupKey(rig);
    const financeGroup = '3f1c2a9e-2b7d-4c61-9a0e-5d8f7b6c4e21';
    const financeProfile = '6a2e9f31-7c4b-4d8a-b1e2-0f9d8c7b6a54';
    rig.fake.groupMembers.set(financeGroup, new Set([rig.userId]));
    const policy = rig.fake.fido2Policy;
    policy.includeTargets = [{ id: financeGroup, targetType: 'group', isRegistrationRequired: false, allowedPasskeyProfiles: [financeProfile] }];
    const profile = { id: financeProfile, name: 'Finance keys', passkeyTypes: 'deviceBound', attestationEnforcement: 'disabled' as const, keyRestrictions: { isEnforced: true, enforcementType: 'allow' as const, aaGuids: ['cb69481e-8ff7-4039-93ec-0a2729a154a8'] } };
    policy.passkeyProfiles = [...policy.passkeyProfiles, profile];
    await kiosk.expectRefused('key_not_allowed', 'idp.preflightModelRefused', /passkey profile "Finance keys": Key restrictions \(allow list\)/);
    profile.keyRestrictions.aaGuids = [VIRTUAL_AUTHENTICATOR_AAGUID.toUpperCase()];
    profile.attestationEnforcement = 'registrationOnly' as 'disabled';
    await kiosk.expectRefused('key_not_allowed', 'idp.preflightAttestation', /passkey profile "Finance keys": Enforce attestation/);
    profile.attestationEnforcement = 'disabled';
    profile.passkeyTypes = 'synced';
    await kiosk.expectRefused('idp_rejected', 'idp.preflightNoDeviceBound', /Target types/);
    profile.passkeyTypes = 'deviceBound,synced';
    expect(rig.fake.fido2Policy.defaultPasskeyProfile).toBe(DEFAULT_PASSKEY_PROFILE_ID);
    await kiosk.expectRegistered();
    expectContractKept(rig.server, 'entra', 'checkMemberGroups');
  });

  it('refuses a person in an excluded group', async () => {
    const rig = await entraRig();
    const kiosk = await atTheBackupKey(rig);
    const contractors = '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    rig.fake.groupMembers.set(contractors, new Set([rig.userId]));
    rig.fake.fido2Policy.excludeTargets = [{ id: contractors, targetType: 'group' }];
    await kiosk.expectRefused('idp_rejected', 'idp.preflightNotInScope', new RegExp(`Exclude: ${contractors}`));
    expect(rig.server.violations).toEqual([]);
  });
});

describe('authentik: the WebAuthn set-up stage of the key flow', () => {
  it('refuses a key outside the device type restrictions without starting the set-up flow, then takes it once allowed', async () => {
    const rig = await authentikRig();
    const kiosk = await atTheBackupKey(rig);
    rig.fake.webauthnStage.device_type_restrictions = [{ aaguid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8', description: 'YubiKey 5 Series with NFC' }];
    await kiosk.expectRefused('key_not_allowed', 'idp.preflightModelRefused', /WebAuthn stage "default-authenticator-webauthn-setup": Device type restrictions/);
    expect(rig.server.requests.filter((r) => r.path.startsWith('/api/v3/flows/executor/'))).toEqual([]);
    rig.fake.webauthnStage.device_type_restrictions.push({ aaguid: VIRTUAL_AUTHENTICATOR_AAGUID, description: 'Enrollment Kiosk virtual key (training)' });
    await kiosk.expectRegistered();
    expectContractKept(rig.server, 'authentik', 'stages_authenticator_webauthn_list');
  });

  it('refuses every security key when the stage takes platform authenticators only', async () => {
    const rig = await authentikRig();
    const kiosk = await atTheBackupKey(rig);
    rig.fake.webauthnStage.authenticator_attachment = 'platform';
    await kiosk.expectRefused('idp_rejected', 'idp.preflightPlatformOnly', /Authenticator Attachment/);
    expect(rig.server.violations).toEqual([]);
  });
});
