import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../electron/core/events/event-bus';
import { keycloakIdpConfigSchema } from '../../electron/core/idp/idp-config-schema';
import type { IdpUser } from '../../electron/core/idp/idp-connector';
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
import { CLIENT_CLOSED } from '../fakes/fake-idp-server';
import { KeycloakFake } from '../fakes/keycloak-fake';
import { registerWithVirtualKey } from '../fakes/virtual-key';

/**
 * The outbox's per-item timeout must end the request in flight, not only stop waiting for
 * it: otherwise a hung call keeps its connection (and maybe its effect) going behind the
 * retry. The connector's own timeout here is far longer than the outbox's.
 */
const SEND_TIMEOUT_MS = 400;
const IDP_DELAY_MS = 5_000;

let fake: KeycloakFake;
let connector: KeycloakConnector;
let db: Db;
let outbox: OutboxService;
let user: IdpUser;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  fake = await KeycloakFake.start();
  const secrets = await tempSecretStore({ kc: fake.clientSecret });
  cleanups.push(secrets.cleanup);
  connector = new KeycloakConnector(
    keycloakIdpConfigSchema.parse({ kind: 'keycloak', baseUrl: fake.baseUrl, realm: fake.realm, clientId: fake.clientId, clientSecretRef: 'kc', timeoutMs: 60_000, webauthn: { rpId: 'sso.example.test', origin: 'https://sso.example.test' } }),
    { secrets: secrets.store, clock: systemClock },
  );
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-idp-abort-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  db = openDatabase(join(dir, 'kiosk.sqlite'));
  outbox = new OutboxService({ db, audit: new AuditLog(db, () => new Date()), clock: systemClock, notify: eventNotifier(new EventBus()), backoff: { baseMs: 20, capMs: 100 }, sendTimeoutMs: SEND_TIMEOUT_MS });
  for (const [kind, handler] of Object.entries(createIdpOutboxHandlers(connector))) outbox.register(kind, handler);
  outbox.start();
  fake.addUser({ username: 'slow.idp', firstName: 'Slow', lastName: 'Idp', badgeId: '90001' });
  // Also warms the contract validators, so the first timed call is not slowed by compiling them.
  user = (await connector.findUser({ badgeId: '90001' }))!;
});

afterAll(async () => {
  await outbox.stop();
  db.close();
  await fake.stop();
  cleanups.forEach((cleanup) => cleanup());
});

async function hungUpWithin(ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (fake.server.requests.some((r) => r.status === CLIENT_CLOSED)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

async function settled(): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const summary = outbox.summary();
    if (summary.pending === 0 && summary.sending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`outbox did not settle: ${JSON.stringify(outbox.summary())}`);
}

describe('the outbox per-item timeout aborts the IdP request in flight', () => {
  /** Each prepares its item (a key registration needs the key first), then returns what enqueues it. */
  const items: Array<[string, () => Promise<() => void>]> = [
    ['revoking an authenticator', async () => () => void outbox.enqueue(IDP_OUTBOX_KINDS.revokeAuthenticator, { idempotencyKey: 'revoke:1', subjectKey: user.id, payload: { user, authenticatorId: 'gone-already' } })],
    [
      'storing recovery-code hashes',
      async () => () => void outbox.enqueue(IDP_OUTBOX_KINDS.recoveryCodeHashes, { idempotencyKey: 'codes:1', subjectKey: user.id, payload: { user, hashes: hashRecoveryCodes(generateRecoveryCodes(12)) } }),
    ],
    [
      'finishing a key registration',
      async () => {
        const start = await connector.beginKeyRegistration(user);
        const response = await registerWithVirtualKey(start);
        return () => void outbox.enqueue(IDP_OUTBOX_KINDS.keyRegistration, { idempotencyKey: `key:${response.id}`, subjectKey: user.id, payload: { handle: start.handle, response, displayName: 'Backup key' } });
      },
    ],
  ];

  it.each(items)('%s: the IdP sees the kiosk hang up at the outbox timeout, then the retry goes through', async (_what, item) => {
    const enqueue = await item();
    fake.server.requests.length = 0;
    fake.server.inject({ kind: 'delay', ms: IDP_DELAY_MS });
    const started = Date.now();
    enqueue();
    expect(await hungUpWithin(IDP_DELAY_MS - 1_000), 'the delayed request was still open').toBe(true);
    expect(Date.now() - started).toBeLessThan(SEND_TIMEOUT_MS + 1_500);
    await settled();
    expect(outbox.summary()).toMatchObject({ parked: 0 });
    expect(fake.server.violations).toEqual([]);
  });
});
