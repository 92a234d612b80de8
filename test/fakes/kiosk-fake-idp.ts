import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { createIdpConnector } from '../../electron/core/idp/create-idp-connector';
import { authentikIdpConfigSchema, entraIdpConfigSchema, keycloakIdpConfigSchema } from '../../electron/core/idp/idp-config-schema';
import type { IdpConnector } from '../../electron/core/idp/idp-connector';
import { systemClock } from '../../electron/core/ports/clock';
import { printersConfigSchema } from '../../electron/core/print/printers-config-schema';
import { FileSecretStore } from '../../electron/core/secrets/file-secret-store';
import { outboxConfigSchema } from '../../electron/core/sync/outbox-config-schema';
import { AuthentikFake } from './authentik-fake';
import { EntraFake } from './entra-fake';
import { KeycloakFake } from './keycloak-fake';

/**
 * A fake IdP for the kiosk's own e2e journeys: the fake runs in the test process, seeded with
 * the roster's people; the kiosk config in the data dir (training mode, virtual key) aims the
 * connector at it on localhost, so the passkey links open in a browser; the IdP secret the
 * config names is in the data dir's file secret store, as `secrets set` would put it.
 *
 * Every person signs in on the fakes' pages with their email: it is their Keycloak and
 * authentik username and their Entra user principal name.
 */

export interface KioskPerson {
  badgeId: string;
  givenName: string;
  familyName: string;
  email: string;
}

interface FakeIdps {
  entra: EntraFake;
  keycloak: KeycloakFake;
  authentik: AuthentikFake;
}

export type FakeIdpKind = keyof FakeIdps;

export interface KioskFakeIdp<K extends FakeIdpKind> {
  configPath: string;
  fake: FakeIdps[K];
  stop(): Promise<void>;
}

interface Seeded<K extends FakeIdpKind> {
  fake: FakeIdps[K];
  /** The config's idp block as a person would write it (defaults left out). */
  idp: Record<string, unknown>;
  secret: { ref: string; value: string };
}

const CONFIG_FILE = 'kiosk-config.yaml';
const kioskIdpSchema = z.discriminatedUnion('kind', [entraIdpConfigSchema, keycloakIdpConfigSchema, authentikIdpConfigSchema]);

const seeders: { [K in FakeIdpKind]: (people: KioskPerson[]) => Promise<Seeded<K>> } = {
  async entra(people) {
    const fake = await EntraFake.start();
    for (const p of people) fake.addUser({ displayName: `${p.givenName} ${p.familyName}`, userPrincipalName: p.email, mail: p.email, employeeId: p.badgeId });
    const local = fake.server.localBaseUrl;
    const secret = { ref: 'idp.entra.clientSecret', value: fake.clientSecret };
    return { fake, secret, idp: { kind: 'entra', tenantId: fake.tenantId, clientId: fake.clientId, clientSecretRef: secret.ref, authorityUrl: local, graphUrl: local, mySecurityInfoUrl: fake.mySecurityInfoUrl } };
  },
  async keycloak(people) {
    const fake = await KeycloakFake.start();
    for (const p of people) fake.addUser({ username: p.email, email: p.email, firstName: p.givenName, lastName: p.familyName, badgeId: p.badgeId });
    const local = fake.server.localBaseUrl;
    const secret = { ref: 'idp.keycloak.clientSecret', value: fake.clientSecret };
    // The realm's passwordless policy RP is the host its pages are on: localhost here.
    return { fake, secret, idp: { kind: 'keycloak', baseUrl: local, realm: fake.realm, clientId: fake.clientId, clientSecretRef: secret.ref, webauthn: { rpId: 'localhost', origin: local } } };
  },
  async authentik(people) {
    const fake = await AuthentikFake.start();
    for (const p of people) fake.addUser({ username: p.email, name: `${p.givenName} ${p.familyName}`, email: p.email, badgeId: p.badgeId });
    const local = fake.server.localBaseUrl;
    const secret = { ref: 'idp.authentik.apiToken', value: fake.apiToken };
    return { fake, secret, idp: { kind: 'authentik', baseUrl: local, apiTokenRef: secret.ref, keyFlowSlug: 'kiosk-key-setup', webauthnOrigin: local } };
  },
};

export interface KioskFakeIdpOptions {
  dataDir: string;
  people: KioskPerson[];
  /** CUPS queues for the recovery sheet and the envelope label; the kiosk's defaults without. */
  printers?: { sheet: { queue: string }; label: { queue: string } };
  /** The config's outbox section, e.g. a short backoff for a test that waits for retries. */
  outbox?: z.input<typeof outboxConfigSchema>;
}

export async function startFakeIdpForKiosk<K extends FakeIdpKind>(kind: K, options: KioskFakeIdpOptions): Promise<KioskFakeIdp<K>> {
  const { fake, idp, secret } = await seeders[kind](options.people);
  try {
    // A config the kiosk would refuse should fail here, naming the key, not at the kiosk's start.
    kioskIdpSchema.parse(idp);
    printersConfigSchema.parse(options.printers);
    outboxConfigSchema.parse(options.outbox);
    mkdirSync(options.dataDir, { recursive: true });
    const configPath = join(options.dataDir, CONFIG_FILE);
    const { printers, outbox } = options;
    writeFileSync(configPath, stringifyYaml({ mode: 'training', keys: { backend: 'virtual' }, idp, ...(printers && { printers }), ...(outbox && { outbox }) }));
    await new FileSecretStore({ dataDir: options.dataDir, warn: () => undefined }).set(secret.ref, secret.value);
    return { configPath, fake, stop: () => fake.stop() };
  } catch (error) {
    await fake.stop();
    throw error;
  }
}

/** The connector the kiosk builds from that config and secret store, for a test to ask the fake what the kiosk would. */
export function kioskConnector(configPath: string, dataDir: string): IdpConnector {
  const { idp } = z.looseObject({ idp: kioskIdpSchema }).parse(parseYaml(readFileSync(configPath, 'utf8')));
  return createIdpConnector(idp, { secrets: new FileSecretStore({ dataDir, warn: () => undefined }), clock: systemClock });
}
