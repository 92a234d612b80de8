/**
 * The process sync-crash-safety-keycloak.test.ts kills: backup-key registrations (made in
 * the parent by the virtual authenticator) finished through the real Keycloak connector and
 * its outbox handlers against the contract-checked Keycloak fake.
 */
import { readFileSync } from 'node:fs';
import { createIdpOutboxHandlers } from '../../../electron/core/idp/idp-outbox-handlers';
import { IDP_OUTBOX_KINDS } from '../../../electron/core/idp/idp-outbox-kinds';
import { keycloakIdpConfigSchema } from '../../../electron/core/idp/idp-config-schema';
import { KeycloakConnector } from '../../../electron/core/idp/keycloak/keycloak-connector';
import { systemClock } from '../../../electron/core/ports/clock';
import { FileSecretStore } from '../../../electron/core/secrets/file-secret-store';
import { env, runCrashChild } from './sync-crash-child-main';
import type { KeyRegistrationItem } from './test-outbox-kinds';

const items = JSON.parse(readFileSync(env('CRASH_ITEMS'), 'utf8')) as KeyRegistrationItem[];

runCrashChild({
  total: items.length,
  enqueueEveryMs: Number(env('CRASH_ENQUEUE_EVERY_MS')),
  register(outbox) {
    const secrets = new FileSecretStore({ dataDir: env('CRASH_SECRETS_DIR'), warn: () => {} });
    const connector = new KeycloakConnector(keycloakIdpConfigSchema.parse(JSON.parse(env('CRASH_KC_CONFIG'))), { secrets, clock: systemClock });
    for (const [kind, handler] of Object.entries(createIdpOutboxHandlers(connector))) outbox.register(kind, handler);
  },
  enqueue: (outbox, index) => void outbox.enqueue(IDP_OUTBOX_KINDS.keyRegistration, items[index]!),
});
