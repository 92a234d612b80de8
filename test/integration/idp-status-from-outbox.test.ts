import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTrainingFacilitatorKey } from '../../electron/core/access/training-facilitator-key';
import { createCore, type Core } from '../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../electron/core/config/schema';
import { IDP_OUTBOX_KINDS } from '../../electron/core/idp/idp-outbox-kinds';
import { generateRecoveryCodes, hashRecoveryCodes } from '../../electron/core/idp/recovery-codes';
import type { EventEnvelope } from '../../shared/contract/envelope';
import { idpStatusSchema, type IdpStatus } from '../../shared/contract/idp-calls';
import { outboxItemViewSchema } from '../../shared/contract/outbox-calls';
import { tempSecretStore } from '../fakes/connector-setup';
import { KeycloakFake } from '../fakes/keycloak-fake';
import { unlockCore } from './helpers/unlock-core';

const ctx = { transport: 'test' as const };
let fake: KeycloakFake;
let core: Core;
let now = Date.now();
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  fake = await KeycloakFake.start();
  const secrets = await tempSecretStore({ 'idp.keycloak.clientSecret': fake.clientSecret });
  cleanups.push(secrets.cleanup);
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-idp-status-outbox-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = kioskConfigSchema.parse({
    idp: { kind: 'keycloak', baseUrl: fake.baseUrl, realm: fake.realm, clientId: fake.clientId, clientSecretRef: 'idp.keycloak.clientSecret', webauthn: { rpId: 'sso.example.test', origin: 'https://sso.example.test' } },
    outbox: { backoffBaseMs: 1_000, backoffCapMs: 1_000 },
  });
  // The worker's timers are real, but nothing is due until the test moves this clock.
  // Production has no training key: a built-in facilitator key of the test's own unlocks idp.status.
  const facilitatorKey = startTrainingFacilitatorKey(dataDir, config.security.minPinLength);
  core = createCore({ config, dataDir, version: 'test', ports: { secrets: secrets.store, clock: { now: () => new Date(now) }, facilitatorKey } });
  await unlockCore(core);
});

afterAll(async () => {
  await core.close();
  await fake.stop();
  cleanups.forEach((cleanup) => cleanup());
});

async function status(): Promise<IdpStatus> {
  const reply = await core.dispatch('idp.status', {}, ctx);
  if (!reply.ok) throw new Error(JSON.stringify(reply.error));
  return idpStatusSchema.parse(reply.result);
}

function nextEvent(name: string, match: (payload: { itemId: number; attempts: number }) => boolean): Promise<EventEnvelope> {
  return new Promise((resolve) => {
    const stop = core.events.subscribe((e) => {
      if (e.name === name && match(outboxItemViewSchema.parse(e.payload))) {
        stop();
        resolve(e);
      }
    });
  });
}

describe('idp.status learns what the outbox worker learned from the IdP', () => {
  it('shows a 500 from Keycloak as the last error, then the recovery as the last success; a 403 that parks an item shows as permanent', async () => {
    const userId = fake.addUser({ username: 'status.user', firstName: 'Status', lastName: 'User', badgeId: '51001' });
    const user = (await core.idp.findUser({ badgeId: '51001' }))!;
    expect(await status()).toMatchObject({ kind: 'keycloak', health: { ok: true, says: { reason: 'idp.connectedRealm' } }, lastError: null, lastSuccessAt: null });

    fake.server.inject({ kind: 'status', status: 500 });
    const codes = generateRecoveryCodes(12);
    const failedAt = new Date(now).toISOString();
    const retrying = nextEvent('outbox.queued', (p) => p.attempts === 1);
    const item = core.outbox.enqueue(IDP_OUTBOX_KINDS.recoveryCodeHashes, { idempotencyKey: `codes:${userId}:1`, subjectKey: userId, payload: { user, hashes: hashRecoveryCodes(codes) } });
    await retrying;

    const afterFailure = await status();
    expect(afterFailure.lastError).toEqual({
      kind: 'transient',
      // What the status screen shows, in the facilitator's language.
      says: { reason: 'idp.serverError', params: { idp: 'Keycloak', status: 500 } },
      idpMessage: 'injected HTTP 500',
      at: failedAt,
    });
    expect(afterFailure.lastSuccessAt).toBeNull();
    expect(afterFailure.health.ok).toBe(true);

    now += 1_000;
    const syncedAt = new Date(now).toISOString();
    const done = nextEvent('outbox.done', (p) => p.itemId === item.id);
    core.outbox.worker.wake();
    await done;
    const recovered = await status();
    expect(recovered.lastSuccessAt).toBe(syncedAt);
    expect(recovered.lastError?.at).toBe(failedAt);
    expect(codes.every((code) => fake.acceptsRecoveryCode(userId, code))).toBe(true);

    now += 60_000;
    fake.server.inject({ kind: 'status', status: 403, body: { error: 'HTTP 403 Forbidden', errorMessage: 'Missing role manage-users' } });
    const parked = nextEvent('outbox.parked', () => true);
    core.outbox.enqueue(IDP_OUTBOX_KINDS.recoveryCodeHashes, { idempotencyKey: `codes:${userId}:2`, subjectKey: userId, payload: { user, hashes: hashRecoveryCodes(generateRecoveryCodes(12)) } });
    await parked;
    const refused = await status();
    expect(refused.lastError).toMatchObject({ kind: 'permanent', says: { reason: 'idp.refused' }, at: new Date(now).toISOString() });
    expect(refused.lastSuccessAt).toBe(syncedAt);
    expect(fake.server.violations).toEqual([]);
  });
});
