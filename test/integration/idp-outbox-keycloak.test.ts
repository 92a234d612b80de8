import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../electron/core/events/event-bus';
import { keycloakIdpConfigSchema } from '../../electron/core/idp/idp-config-schema';
import { createIdpOutboxHandlers } from '../../electron/core/idp/idp-outbox-handlers';
import { IDP_OUTBOX_KINDS } from '../../electron/core/idp/idp-outbox-kinds';
import { KeycloakConnector } from '../../electron/core/idp/keycloak/keycloak-connector';
import { generateRecoveryCodes, hashRecoveryCodes } from '../../electron/core/idp/recovery-codes';
import { systemClock } from '../../electron/core/ports/clock';
import { AuditLog } from '../../electron/core/store/audit-log';
import { openDatabase, type Db } from '../../electron/core/store/open-database';
import { eventNotifier } from '../../electron/core/sync/outbox-notifier';
import { OutboxService } from '../../electron/core/sync/outbox-service';
import { tempSecretStore } from '../fakes/connector-setup';
import { KeycloakFake } from '../fakes/keycloak-fake';
import { registerWithVirtualKey } from '../fakes/virtual-key';

let fake: KeycloakFake;
let connector: KeycloakConnector;
let db: Db;
let outbox: OutboxService;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  fake = await KeycloakFake.start();
  const secrets = await tempSecretStore({ kc: fake.clientSecret });
  cleanups.push(secrets.cleanup);
  connector = new KeycloakConnector(
    keycloakIdpConfigSchema.parse({ kind: 'keycloak', baseUrl: fake.baseUrl, realm: fake.realm, clientId: fake.clientId, clientSecretRef: 'kc', webauthn: { rpId: 'sso.example.test', origin: 'https://sso.example.test' } }),
    { secrets: secrets.store, clock: systemClock },
  );
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-idp-outbox-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  db = openDatabase(join(dir, 'kiosk.sqlite'));
  outbox = new OutboxService({ db, audit: new AuditLog(db, () => new Date()), clock: systemClock, notify: eventNotifier(new EventBus()), backoff: { baseMs: 20, capMs: 100 } });
  for (const [kind, handler] of Object.entries(createIdpOutboxHandlers(connector))) outbox.register(kind, handler);
  outbox.start();
});

afterAll(async () => {
  await outbox.stop();
  db.close();
  await fake.stop();
  cleanups.forEach((cleanup) => cleanup());
});

async function settled(): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const summary = outbox.summary();
    if (summary.pending === 0 && summary.sending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`outbox did not settle: ${JSON.stringify(outbox.summary())}`);
}

describe('Keycloak enrollment through the durable outbox', () => {
  it('a key registration and recovery-code hashes queued in SQLite reach Keycloak exactly once, through a 500 and a 429', async () => {
    const userId = fake.addUser({ username: 'queued.user', firstName: 'Queued', lastName: 'User', badgeId: '40099' });
    const user = (await connector.findUser({ badgeId: '40099' }))!;
    const start = await connector.beginKeyRegistration(user);
    const response = await registerWithVirtualKey(start);
    fake.server.inject({ kind: 'status', status: 500 });
    fake.server.inject({ kind: 'rateLimit', retryAfter: '0' });
    outbox.enqueue(IDP_OUTBOX_KINDS.keyRegistration, { idempotencyKey: `key:${userId}:${response.id}`, subjectKey: userId, payload: { handle: start.handle, response, displayName: 'Backup key' } });
    const codes = generateRecoveryCodes(12);
    outbox.enqueue(IDP_OUTBOX_KINDS.recoveryCodeHashes, { idempotencyKey: `codes:${userId}:1`, subjectKey: userId, payload: { user, hashes: hashRecoveryCodes(codes) } });
    await settled();
    expect(outbox.summary()).toMatchObject({ parked: 0, done: 2 });
    expect(fake.registrationsByCredentialId.get(Buffer.from(response.id, 'base64url').toString('base64'))).toBe(1);
    expect(codes.every((code) => fake.acceptsRecoveryCode(userId, code))).toBe(true);
    for (const code of codes) expect(JSON.stringify(db.prepare('SELECT * FROM outbox').all())).not.toContain(code);
    expect(fake.server.violations).toEqual([]);
  });
});
