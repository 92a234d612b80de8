import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../electron/core/secrets/file-secret-store';
import type { RecoveryView } from '../../shared/domain/recovery';
import { EntraFake } from '../fakes/entra-fake';
import { KeycloakFake } from '../fakes/keycloak-fake';
import { createPasskeyAtKeycloakFake } from './helpers/keycloak-phone';
import { sessionCore } from './helpers/session-core';
import { until } from './helpers/until';

/**
 * Issue 17, recovery: a person enrolled at a session (phone passkey and backup key, through the
 * journey's own calls, against the IdP's fake with contract validation on) loses their phone.
 * The helpdesk finds them at the IdP, checks their identity, revokes the lost passkey through
 * the outbox, hands out their envelope from the safe, watches the new phone passkey appear and
 * re-seals the backup key in a new envelope that goes back to the safe. The fake's request log
 * shows the delete; one recovery record joins every act; the audit chain holds.
 */
const PIN = '482915';
const person = { badgeId: '340701', givenName: 'Ngozi', familyName: 'Adeyemi', email: 'ngozi.adeyemi@example.test' };
const colleague = { badgeId: '340702', givenName: 'Mateo', familyName: 'Rossi', email: 'mateo.rossi@example.test' };

interface IdpCase {
  start(): Promise<{ idp: Record<string, unknown>; secret: { ref: string; value: string }; stop(): Promise<void>; violations(): string[]; userId: string }>;
  /** The person creates a passkey on their phone from the link the kiosk showed. */
  phone(link: string): Promise<void>;
  /** The person's authenticators at the fake: id and kind. */
  listed(): Array<{ id: string; kind: string }>;
  /** The fake's log of deletes of the person's authenticators. */
  deletes(): string[];
}

let fakeStop: (() => Promise<void>) | null = null;
let harness: ReturnType<typeof sessionCore> | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  await harness?.close();
  await fakeStop?.();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  harness = null;
  fakeStop = null;
  dataDir = null;
});

function keycloakCase(): IdpCase {
  let fake: KeycloakFake;
  let userId = '';
  return {
    async start() {
      fake = await KeycloakFake.start();
      userId = fake.addUser({ username: person.email, email: person.email, firstName: person.givenName, lastName: person.familyName, badgeId: person.badgeId });
      fake.addUser({ username: colleague.email, email: colleague.email, firstName: colleague.givenName, lastName: colleague.familyName, badgeId: colleague.badgeId });
      const local = fake.server.localBaseUrl;
      const secret = { ref: 'idp.keycloak.clientSecret', value: fake.clientSecret };
      const idp = { kind: 'keycloak', baseUrl: local, realm: fake.realm, clientId: fake.clientId, clientSecretRef: secret.ref, webauthn: { rpId: 'localhost', origin: local } };
      return { idp, secret, userId, stop: () => fake.stop(), violations: () => fake.server.violations };
    },
    phone: (link) => createPasskeyAtKeycloakFake(link, person.email),
    listed: () => (fake.credentials.get(userId) ?? []).map((c) => ({ id: c.id, kind: c.userLabel === 'Passkey' ? 'phone' : c.type === 'webauthn-passwordless' ? 'key' : c.type })),
    deletes: () => fake.server.requests.filter((r) => r.method === 'DELETE' && r.path.includes(`/users/${userId}/credentials/`)).map((r) => `${r.path.split('/').at(-1)} ${r.status}`),
  };
}

function entraCase(): IdpCase {
  let fake: EntraFake;
  let userId = '';
  return {
    async start() {
      fake = await EntraFake.start();
      userId = fake.addUser({ displayName: `${person.givenName} ${person.familyName}`, userPrincipalName: person.email, mail: person.email, employeeId: person.badgeId });
      fake.addUser({ displayName: `${colleague.givenName} ${colleague.familyName}`, userPrincipalName: colleague.email, mail: colleague.email, employeeId: colleague.badgeId });
      const local = fake.server.localBaseUrl;
      const secret = { ref: 'idp.entra.clientSecret', value: fake.clientSecret };
      const idp = { kind: 'entra', tenantId: fake.tenantId, clientId: fake.clientId, clientSecretRef: secret.ref, authorityUrl: local, graphUrl: local, mySecurityInfoUrl: fake.mySecurityInfoUrl };
      return { idp, secret, userId, stop: () => fake.stop(), violations: () => fake.server.violations };
    },
    // The phone's sign-in with the Temporary Access Pass needs a browser (the e2e does it); here the fake's own hook adds the passkey.
    phone: async () => void fake.simulateUserAddsPasskey(userId),
    listed: () => (fake.methods.get(userId) ?? []).map((m) => ({ id: m.id, kind: m.displayName === 'Microsoft Authenticator' ? 'phone' : 'key' })),
    deletes: () => fake.server.requests.filter((r) => r.method === 'DELETE' && r.path.includes(`/users/${userId}/authentication/fido2Methods/`)).map((r) => `${r.path.split('/').at(-1)} ${r.status}`),
  };
}

const cases: Record<string, () => IdpCase> = { keycloak: keycloakCase, entra: entraCase };

describe.each(Object.keys(cases))('the helpdesk recovers a person who lost their phone (%s fake)', (kind) => {
  it('revokes the lost passkey at the IdP, hands out the envelope, sees the new passkey and re-seals the key into the safe, in one recovery record', async () => {
    const idpCase = cases[kind]!();
    const fake = await idpCase.start();
    fakeStop = fake.stop;
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-recovery-'));
    await new FileSecretStore({ dataDir, warn: () => undefined }).set(fake.secret.ref, fake.secret.value);
    const h = (harness = sessionCore({ mode: 'training', idp: fake.idp as never, outbox: { backoffBaseMs: 100, backoffCapMs: 1_000 } }, {}, { dataDir }));

    // The session: the person enrolls with a phone passkey and a backup key, and their envelope goes to the safe.
    const session = await h.call('session.start', { department: 'Recovery', room: 'H-1', plannedMinutes: 30 });
    const roster = ['Badge ID,Given name,Family name,Email', ...[person, colleague].map((p) => `${p.badgeId},${p.givenName},${p.familyName},${p.email}`)].join('\n');
    await h.call('roster.import', { sessionId: session.id, fileBase64: Buffer.from(roster).toString('base64') });
    const scanned = await h.call('badge.scan', { sessionId: session.id, raw: person.badgeId });
    if (scanned.kind !== 'matched') throw new Error(`the badge matched nobody: ${scanned.kind}`);
    const who = { sessionId: session.id, attendeeId: scanned.attendee.id };
    await h.call('identity.confirm', { ...who, faceConfirmed: true, secondSignal: 'managerPresent' });
    const offer = (await h.call('journey.passkey.start', who)).passkey.offer;
    await idpCase.phone(offer!.url);
    await until('the first passkey', async () => (await h.call('journey.get', who)).place === 'backupKey');
    const [key] = (await h.call('keys.list', {})).keys;
    await h.call('journey.key.setPin', { ...who, path: key!.path, pin: PIN });
    await h.call('journey.key.register', { ...who, path: key!.path, pin: PIN });
    // Keycloak: the sheet printed and confirmed; Entra has no codes and the step says so and moves on.
    if ((await h.call('journey.codes.print', { ...who, locale: 'en' })).place === 'recoveryCodes') await h.call('journey.codes.confirm', who);
    await h.call('journey.envelope.print', { ...who, sealNumber: null, locale: 'en' });
    await h.comeBack();
    await until('the backup key at the IdP', async () => idpCase.listed().filter((a) => a.kind === 'key').length === 1);
    const [sealed] = (await h.call('custody.list', { sessionId: session.id })).envelopes;
    const oldCode = sealed!.envelope.code;
    await h.call('custody.move', { code: oldCode, to: 'collected' });
    await h.call('custody.move', { code: oldCode, to: 'inSafe' });
    const lostPhone = idpCase.listed().find((a) => a.kind === 'phone')!.id;

    // The helpdesk: the person is found by email, their identity checked, nothing happens before that.
    let recovery: RecoveryView = await h.call('recovery.start', { field: 'email', value: person.email.toUpperCase() });
    expect(recovery).toMatchObject({ status: 'open', next: 'identity', person: { email: person.email, badgeId: person.badgeId } });
    expect((await h.fail('recovery.authenticators', { recoveryId: recovery.id })).message).toMatch(/identity first/);
    recovery = await h.call('recovery.identity.confirm', { recoveryId: recovery.id, faceConfirmed: true, secondSignal: 'governmentId', note: 'Passport checked' });
    expect(recovery.identityCheck).toMatchObject({ secondSignal: 'governmentId', note: 'Passport checked', by: 'Training facilitator' });

    const { authenticators } = await h.call('recovery.authenticators', { recoveryId: recovery.id });
    expect(authenticators.map((a) => a.id).sort()).toEqual(idpCase.listed().map((a) => a.id).sort());
    expect(authenticators.find((a) => a.id === lostPhone)).toMatchObject({ revoking: false, createdAt: expect.any(String) });
    // Entra names the model itself; elsewhere the kiosk's AAGUID catalog names the backup key's.
    if (kind === 'entra') expect(authenticators.find((a) => a.id === lostPhone)?.model).toBe('Microsoft Authenticator - iOS');
    expect(authenticators.find((a) => a.type === 'securityKey' && a.id !== lostPhone)?.model).toBe(kind === 'entra' ? 'Security key' : 'Enrollment Kiosk virtual key (training)');
    recovery = await h.call('recovery.revoke', { recoveryId: recovery.id, authenticatorIds: [lostPhone] });
    expect(recovery.revoked).toEqual([lostPhone]);
    await until('the lost passkey deleted at the IdP', async () => !idpCase.listed().some((a) => a.id === lostPhone));
    expect(idpCase.deletes()).toEqual([`${lostPhone} 204`]);

    // The envelope from the safe to the person, the move naming the identity check.
    expect(recovery.envelopes).toEqual([expect.objectContaining({ code: oldCode, state: 'inSafe' })]);
    recovery = await h.call('recovery.handOut', { recoveryId: recovery.id, code: sealed!.envelope.sealNumber });
    expect(recovery).toMatchObject({ handedOut: oldCode, next: 'passkey' });
    const handedOut = await h.call('custody.find', { code: oldCode });
    expect(handedOut.kind === 'found' && handedOut.record.history.at(-1)).toMatchObject({ to: 'handedOut', note: `Recovery ${recovery.id}: identity check ${recovery.identityCheck!.id}` });

    // The new phone passkey through the QR step; the kiosk notices it.
    recovery = await h.call('recovery.passkey.start', { recoveryId: recovery.id });
    expect(recovery.passkey).toMatchObject({ phase: 'waiting', offer: { qr: expect.stringMatching(/^data:image\/svg\+xml/) } });
    await idpCase.phone(recovery.passkey.offer!.url);
    recovery = await until('the new passkey', async () => {
      const seen = await h.call('recovery.passkey.check', { recoveryId: recovery.id });
      return seen.passkey.phase === 'found' ? seen : null;
    });
    const newPhone = idpCase.listed().find((a) => a.kind === 'phone')!.id;
    expect(recovery.passkey.found?.authenticatorId).toBe(newPhone);
    expect(newPhone).not.toBe(lostPhone);

    // The backup key re-sealed: the old envelope returned, a new one labelled and back in the safe.
    expect((await h.fail('recovery.complete', { recoveryId: recovery.id })).message).toMatch(/re-seal/);
    recovery = await h.call('recovery.reseal', { recoveryId: recovery.id, sealNumber: null, locale: 'en' });
    const newCode = recovery.backupKey!.envelopeCode;
    expect(recovery.backupKey).toMatchObject({ outcome: 'resealed' });
    const states = Object.fromEntries(recovery.envelopes.map((e) => [e.code, e.state]));
    expect(states).toEqual({ [oldCode]: 'returned', [newCode]: 'inSafe' });
    const resealed = await h.call('custody.find', { code: newCode });
    expect(resealed.kind === 'found' && resealed.record.history.map((e) => `${e.action} ${e.to}`)).toEqual(['seal sealed', 'print sealed', 'move collected', 'move inSafe']);
    expect(resealed.kind === 'found' && resealed.record.envelope.fingerprint).toBe(sealed!.envelope.fingerprint);

    recovery = await h.call('recovery.complete', { recoveryId: recovery.id });
    expect(recovery.status).toBe('completed');
    expect(recovery.acts.map((a) => a.kind)).toEqual(['started', 'identityChecked', 'revoked', 'envelopeHandedOut', 'passkeyLink', 'passkeyFound', 'resealed', 'completed']);
    expect(recovery.acts.find((a) => a.kind === 'envelopeHandedOut')?.ref).toBe(oldCode);
    expect(recovery.acts.find((a) => a.kind === 'resealed')?.ref).toBe(newCode);
    expect(idpCase.listed().map((a) => a.kind).sort()).toEqual(kind === 'keycloak' ? ['key', 'phone', 'recovery-authn-codes'] : ['key', 'phone']);
    expect(await h.call('audit.verify', {})).toMatchObject({ ok: true });
    expect(fake.violations()).toEqual([]);
  }, 60_000);
});
