import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TRAINING_FACILITATOR_PIN } from '../../electron/core/access/training-facilitator-key';
import { createCore, type Core } from '../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../electron/core/config/schema';
import { IdpHttpClient } from '../../electron/core/idp/http/idp-http-client';
import { openDatabase } from '../../electron/core/store/open-database';
import type { EventEnvelope } from '../../shared/contract/envelope';
import { outboxItemViewSchema, outboxSummarySchema } from '../../shared/contract/outbox-calls';
import { enrollmentHandler } from './helpers/sync-enrollment-handler';
import { SyncFakeIdp } from './helpers/sync-fake-idp';
import { anyPayloadKind } from './helpers/test-outbox-kinds';

const testEnrollment = anyPayloadKind('test.enrollment');

let core: Core | null = null;
let fake: SyncFakeIdp | null = null;
let dir: string | null = null;
afterEach(async () => {
  await core?.close();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  core = null;
  fake = null;
  dir = null;
});

const ctx = { transport: 'test' as const };

describe('the outbox inside the core: outbox.* calls, outbox.* events, worker started and stopped with the core', () => {
  it('syncs by itself, reports health through the contract, and lets an operator retry a parked item', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-sync-core-'));
    fake = new SyncFakeIdp();
    await fake.listen();
    core = createCore({ config: kioskConfigSchema.parse({}), dataDir: dir, version: 'test', ports: { secrets: { get: async () => null, set: async () => {}, delete: async () => {} } } });
    const events: EventEnvelope[] = [];
    core.events.subscribe((e) => events.push(e));
    core.outbox.register('test.enrollment', enrollmentHandler(new IdpHttpClient({ idpLabel: 'Test IdP', baseUrl: fake.url, timeoutMs: 2_000 })));
    // The outbox calls are the facilitator's: the built-in training key unlocks first.
    expect(await core.dispatch('access.unlock', { pin: TRAINING_FACILITATOR_PIN }, ctx)).toMatchObject({ ok: true, result: { locked: false } });

    const empty = await core.dispatch('outbox.summary', {}, ctx);
    expect(empty).toEqual({ ok: true, result: outboxSummarySchema.parse({ pending: 0, sending: 0, parked: 0, done: 0, discarded: 0, oldestPendingAt: null, oldestPendingAgeSeconds: null, lastSuccessAt: null, nextAttemptAt: null, lastError: null }) });

    fake.failNext({ status: 403, body: JSON.stringify({ errorMessage: 'Missing role manage-users' }) });
    const parkedDone = new Promise<void>((resolve) => core!.events.subscribe((e) => e.name === 'outbox.parked' && resolve()));
    const item = core.outbox.enqueue(testEnrollment, { idempotencyKey: 'enr-1', subjectKey: 'alice', payload: { attendee: 'alice', seq: 1 } });
    await parkedDone;

    const parked = await core.dispatch('outbox.parked', {}, ctx);
    expect(parked.ok).toBe(true);
    const items = (parked as { result: { items: unknown[] } }).result.items.map((i) => outboxItemViewSchema.parse(i));
    expect(items).toEqual([expect.objectContaining({ itemId: item.id, state: 'parked', idpMessage: 'Missing role manage-users' })]);
    expect(items[0]!.lastError).toMatchObject({ reason: 'idp.refused', params: { status: 403 } });

    // The operator is the unlocked facilitator: a typed name is not part of the call.
    const typed = await core.dispatch('outbox.retry', { itemId: item.id, operator: 'Dana' }, ctx);
    expect(typed).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const missing = await core.dispatch('outbox.retry', { itemId: 9999 }, ctx);
    expect(missing).toMatchObject({ ok: false, error: { code: 'outbox_item_missing' } });

    const synced = new Promise<void>((resolve) => core!.events.subscribe((e) => e.name === 'outbox.done' && resolve()));
    const retried = await core.dispatch('outbox.retry', { itemId: item.id }, ctx);
    expect(retried).toMatchObject({ ok: true, result: { itemId: item.id, state: 'queued' } });
    expect(core.db.prepare("SELECT actor FROM audit_log WHERE action = 'outbox.retry'").pluck().all()).toEqual(['Training facilitator']);
    await synced;

    const summary = await core.dispatch('outbox.summary', {}, ctx);
    expect(summary).toMatchObject({ ok: true, result: { pending: 0, parked: 0, done: 1 } });
    expect((summary as { result: { lastSuccessAt: string | null } }).result.lastSuccessAt).not.toBeNull();
    expect(fake.applied.get('enr-1')).toBe(1);
    expect(events.filter((e) => e.name.startsWith('outbox.')).map((e) => e.name)).toEqual([
      'outbox.queued',
      'outbox.sending',
      'outbox.parked',
      'outbox.queued',
      'outbox.sending',
      'outbox.done',
    ]);
    const verify = await core.dispatch('audit.verify', {}, ctx);
    expect(verify).toMatchObject({ ok: true, result: { ok: true } });
  });

  it('close() waits for the item in flight, so it is done, not left sending', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-sync-core-'));
    fake = new SyncFakeIdp();
    await fake.listen();
    fake.delayMs = 200;
    core = createCore({ config: kioskConfigSchema.parse({}), dataDir: dir, version: 'test', ports: { secrets: { get: async () => null, set: async () => {}, delete: async () => {} } } });
    core.outbox.register('test.enrollment', enrollmentHandler(new IdpHttpClient({ idpLabel: 'Test IdP', baseUrl: fake.url, timeoutMs: 2_000 })));
    const sending = new Promise<void>((resolve) => core!.events.subscribe((e) => e.name === 'outbox.sending' && resolve()));
    const item = core.outbox.enqueue(testEnrollment, { idempotencyKey: 'enr-1', subjectKey: 'alice', payload: { attendee: 'alice', seq: 1 } });
    await sending;
    await core.close();
    core = null;
    const db = openDatabase(join(dir, 'kiosk.sqlite'));
    expect(db.prepare('SELECT state FROM outbox WHERE id = ?').pluck().get(item.id)).toBe('done');
    db.close();
    expect(fake.applied.get('enr-1')).toBe(1);
  });

  it('takes concurrency and the per-item send timeout from the config file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-sync-core-'));
    fake = new SyncFakeIdp();
    await fake.listen();
    fake.delayMs = 50;
    const config = kioskConfigSchema.parse({ outbox: { concurrency: 2, sendTimeoutMs: 1_000 } });
    core = createCore({ config, dataDir: dir, version: 'test', ports: { secrets: { get: async () => null, set: async () => {}, delete: async () => {} } } });
    core.outbox.register('test.enrollment', enrollmentHandler(new IdpHttpClient({ idpLabel: 'Test IdP', baseUrl: fake.url, timeoutMs: 5_000 })));
    for (let i = 0; i < 6; i += 1) core.outbox.enqueue(testEnrollment, { idempotencyKey: `enr-${i}`, subjectKey: `attendee${i}`, payload: { attendee: `attendee${i}`, seq: 1 } });
    for (let i = 0; i < 200 && core.outbox.summary().done < 6; i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(core.outbox.summary().done).toBe(6);
    expect(fake.maxInFlight).toBe(2);

    // The IdP's own client would wait 5 s; the configured 1 s per item gives up first.
    fake.failNext({ hang: true });
    const retrying = new Promise<void>((resolve) => core!.events.subscribe((e) => e.name === 'outbox.queued' && (e.payload as { attempts: number }).attempts === 1 && resolve()));
    const slow = core.outbox.enqueue(testEnrollment, { idempotencyKey: 'enr-slow', subjectKey: 'slow', payload: { attendee: 'slow', seq: 1 } });
    await retrying;
    const stored = core.outbox.store.get(slow.id)!;
    expect(stored).toMatchObject({ state: 'queued', uncertain: true, lastError: { reason: 'outbox.noAnswer', params: { seconds: 1 } } });
  });
});
