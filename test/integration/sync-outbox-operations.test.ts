import { afterEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../electron/core/contract/handler-table';
import { createOutboxHandlers } from '../../electron/core/sync/outbox-handlers';
import { SyncFailure } from '../../electron/core/sync/sync-failure';
import { outboxCalls } from '../../shared/contract/outbox-calls';
import { syncHarness, type SyncHarness } from './helpers/sync-harness';
import { message } from '../../shared/contract/messages';
import { anyPayloadKind, enrollmentKind } from './helpers/test-outbox-kinds';

const backoff = { baseMs: 1_000, capMs: 60_000 };

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const posts = (x: SyncHarness) => x.fake.order.map((o) => `${o.body.attendee}${o.body.seq}`);

describe('outbox ordering, concurrency, durability and operator actions', () => {
  it('commits the item before any network call and returns the stored item for a repeated idempotency key', async () => {
    h = await syncHarness({ backoff });
    const first = h.enqueue('alice', 1, 'same-key');
    const again = h.outbox.enqueue(enrollmentKind, { idempotencyKey: 'same-key', subjectKey: 'alice', payload: { attendee: 'alice', seq: 99 } });
    expect(again.id).toBe(first.id);
    expect(again.payload).toEqual({ attendee: 'alice', seq: 1 });
    expect(h.fake.requests).toHaveLength(0);
    // A second connection to the same file sees it: it is committed, not just cached.
    const other = h.open();
    expect(other.outbox.store.byIdempotencyKey('same-key')).toMatchObject({ state: 'queued', attempts: 0 });
    other.db.close();
    expect(h.events.filter((e) => e.name === 'outbox.queued')).toHaveLength(1);
  });

  it('refuses payloads holding a PIN, plaintext recovery codes or a token, and stores nothing', async () => {
    h = await syncHarness({ backoff });
    const bad = [
      { pin: '123456' },
      { user: 'u1', recoveryCodes: ['ABCD-EFGH'] },
      { nested: { accessToken: 'x' } },
      { clientSecret: 'x' },
      { codeHashes: ['not-a-hash'] },
      { note: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln' },
    ];
    for (const payload of bad) {
      expect(() => h!.outbox.enqueue(anyPayloadKind('enrollment'), { idempotencyKey: JSON.stringify(payload), subjectKey: 'a', payload })).toThrow(/outbox is kept on disk/);
    }
    expect(h.outbox.summary().pending).toBe(0);
    const ok = h.outbox.enqueue(anyPayloadKind('codes'), {
      idempotencyKey: 'codes-1',
      subjectKey: 'a',
      payload: { userId: 'u1', codeHashes: [{ number: 1, encodedHashedValue: 'A'.repeat(86) + '==' }], algorithm: 'SHA-512' },
    });
    expect(ok.state).toBe('queued');
  });

  it('keeps per-attendee order: a later item waits while an earlier one of the same attendee retries; others go ahead', async () => {
    h = await syncHarness({ backoff, concurrency: 4 });
    h.fake.failNext({ status: 500 });
    h.enqueue('alice', 1);
    h.enqueue('alice', 2);
    h.enqueue('alice', 3);
    h.enqueue('bob', 1);
    await h.outbox.worker.runDue();
    // alice1 got the 500; alice2 and alice3 stayed queued behind it; bob went ahead.
    expect(posts(h)).toEqual(['bob1']);
    expect(h.outbox.summary().pending).toBe(3);
    h.advance(backoff.capMs);
    await h.outbox.worker.runDue();
    expect(posts(h)).toEqual(['bob1', 'alice1', 'alice2', 'alice3']);
  });

  it('never has more calls in flight than the concurrency limit', async () => {
    h = await syncHarness({ backoff, concurrency: 3 });
    h.fake.delayMs = 40;
    for (let i = 0; i < 10; i += 1) h.enqueue(`attendee${i}`, 1);
    await h.outbox.worker.runDue();
    expect(h.fake.maxInFlight).toBe(3);
    expect(h.outbox.summary()).toMatchObject({ done: 10, pending: 0 });
  });

  it('lets an operator retry or discard a parked item, each audited with the name of their unlocking key, and a discard unblocks the attendee', async () => {
    h = await syncHarness({ backoff });
    const handlers = createOutboxHandlers({ outbox: h.outbox, clock: h.clock });
    // What the dispatcher hands a facilitator call: the person whose key unlocked the kiosk.
    const dana: CallContext = { transport: 'test', facilitator: { id: 'key-dana', name: 'Dana (IT)', role: 'it', roles: ['it'] } };
    h.fake.failNext({ status: 404, body: JSON.stringify({ errorMessage: 'User not found' }) }, { status: 409, body: JSON.stringify({ errorMessage: 'Exists' }) });
    const a1 = h.enqueue('alice', 1);
    const a2 = h.enqueue('alice', 2);
    const b1 = h.enqueue('bob', 1);
    await h.outbox.worker.runDue();
    const parked = outboxCalls['outbox.parked'].output.parse(await handlers['outbox.parked']({}, { transport: 'test' }));
    expect(parked.items.map((i) => [i.itemId, i.idpMessage])).toEqual([[a1.id, 'User not found'], [b1.id, 'Exists']]);
    expect(h.outbox.store.get(a2.id)!.state).toBe('queued');

    const summary = outboxCalls['outbox.summary'].output.parse(await handlers['outbox.summary']({}, { transport: 'test' }));
    expect(summary).toMatchObject({ pending: 1, parked: 2, done: 0, lastSuccessAt: null, oldestPendingAgeSeconds: 0 });

    // Without an unlocked facilitator (a call that slipped past the lock) neither acts.
    await expect(Promise.resolve().then(() => handlers['outbox.discard']({ itemId: a1.id, reason: 'Left the company' }, { transport: 'test' }))).rejects.toMatchObject({ code: 'locked' });
    await expect(Promise.resolve().then(() => handlers['outbox.retry']({ itemId: b1.id }, { transport: 'test', facilitator: null }))).rejects.toMatchObject({ code: 'locked' });
    expect(h.outbox.store.get(a1.id)!.state).toBe('parked');
    const discarded = await handlers['outbox.discard']({ itemId: a1.id, reason: 'Left the company' }, dana);
    expect(discarded.state).toBe('discarded');
    const retried = await handlers['outbox.retry']({ itemId: b1.id }, dana);
    expect(retried.state).toBe('queued');
    await h.outbox.worker.runDue();
    expect(h.outbox.store.get(a2.id)!.state).toBe('done');
    expect(h.outbox.store.get(b1.id)!.state).toBe('done');
    expect(h.fake.applied.has(a1.idempotencyKey)).toBe(false);

    const audit = h.audit.list().reverse();
    expect(audit.filter((r) => r.actor === 'Dana (IT)').map((r) => [r.action, r.data.itemId])).toEqual([
      ['outbox.discard', a1.id],
      ['outbox.retry', b1.id],
    ]);
    expect(audit.find((r) => r.action === 'outbox.discard')!.data.reason).toBe('Left the company');
    expect(h.audit.verify().ok).toBe(true);

    await expect(Promise.resolve().then(() => handlers['outbox.retry']({ itemId: b1.id }, dana))).rejects.toMatchObject({ code: 'conflict' });
    await expect(Promise.resolve().then(() => handlers['outbox.discard']({ itemId: 999, reason: 'x' }, dana))).rejects.toMatchObject({ code: 'outbox_item_missing' });
  });

  it("restarts the backoff from the base after an operator's retry, while the total attempts stay in the item and the audit", async () => {
    h = await syncHarness({ backoff });
    const delays: number[] = [];
    const failThenWait = async (id: number) => {
      await h!.outbox.worker.runDue();
      const item = h!.outbox.store.get(id)!;
      if (item.state === 'queued') {
        delays.push(item.nextAttemptAt - h!.now());
        h!.advanceTo(item.nextAttemptAt);
      }
      return item;
    };
    // An outage: four 5xx answers, then the IdP refuses (404) and the item parks.
    h.fake.failNext({ status: 500 }, { status: 502 }, { status: 500 }, { status: 504 }, { status: 404, body: '{"errorMessage":"User not found"}' });
    const item = h.enqueue('alice', 1);
    for (let i = 0; i < 5; i += 1) await failThenWait(item.id);
    // random() is 0.5: half of base * 2^(n-1) for the n-th attempt.
    expect(delays).toEqual([500, 1_000, 2_000, 4_000]);
    expect(h.outbox.store.get(item.id)).toMatchObject({ state: 'parked', attempts: 5, attemptsSinceOperatorRetry: 5 });

    // The operator fixed the user and retries; the IdP fails once more, then accepts.
    h.advance(3_600_000);
    h.fake.failNext({ status: 500 });
    expect(h.outbox.retry(item.id, 'Dana (IT)')).toMatchObject({ state: 'queued', attempts: 5, attemptsSinceOperatorRetry: 0 });
    const afterRetry = await failThenWait(item.id);
    expect(afterRetry).toMatchObject({ state: 'queued', attempts: 6, attemptsSinceOperatorRetry: 1 });
    // A fresh start: base/2, not the 16 s the sixth attempt of the outage would have waited.
    expect(delays.at(-1)).toBe(500);
    await h.outbox.worker.runDue();
    expect(h.outbox.store.get(item.id)).toMatchObject({ state: 'done', attempts: 7, attemptsSinceOperatorRetry: 2 });
    expect(h.fake.applied.get(item.idempotencyKey)).toBe(1);

    const audit = h.audit.list().reverse();
    expect(audit.find((r) => r.action === 'outbox.retry')!.data).toMatchObject({ itemId: item.id, attempts: 5, lastError: { reason: 'idp.notFound', params: { idp: expect.any(String), status: 404 } } });
    expect(audit.find((r) => r.action === 'outbox.synced')!.data).toMatchObject({ itemId: item.id, attempts: 7 });
    expect(h.audit.verify().ok).toBe(true);
  });

  it('calls a handler refreshAuth hook once after a 401, and parks when the IdP still refuses', async () => {
    h = await syncHarness({ backoff });
    let refreshes = 0;
    let unauthorizedLeft = 1;
    h.outbox.register('hooked', {
      async send() {
        if (unauthorizedLeft-- > 0) throw new SyncFailure('unauthorized', message('idp.credentialsRefused', { idp: 'Keycloak' }), { status: 401, mayHaveLanded: false });
      },
      async refreshAuth() {
        refreshes += 1;
      },
    });
    const ok = h.outbox.enqueue(anyPayloadKind('hooked'), { idempotencyKey: 'h1', subjectKey: 'x', payload: {} });
    await h.outbox.worker.runDue();
    expect(h.outbox.store.get(ok.id)).toMatchObject({ state: 'done', attempts: 1 });
    expect(refreshes).toBe(1);

    unauthorizedLeft = 2;
    const refused = h.outbox.enqueue(anyPayloadKind('hooked'), { idempotencyKey: 'h2', subjectKey: 'y', payload: {} });
    await h.outbox.worker.runDue();
    expect(refreshes).toBe(2);
    expect(h.outbox.store.get(refused.id)).toMatchObject({ state: 'parked', lastError: { reason: 'idp.credentialsRefused', params: { idp: 'Keycloak' } } });
  });

  it("gives up on a handler that ignores its abort signal after sendTimeoutMs, keeping the item as maybe-sent", async () => {
    h = await syncHarness({ backoff, sendTimeoutMs: 100 });
    let aborted = false;
    h.outbox.register('stuck', {
      send: (_item, ctx) =>
        new Promise(() => {
          ctx.signal.addEventListener('abort', () => (aborted = true));
        }),
    });
    const item = h.outbox.enqueue(anyPayloadKind('stuck'), { idempotencyKey: 's1', subjectKey: 'x', payload: {} });
    await h.outbox.worker.runDue();
    expect(aborted).toBe(true);
    expect(h.outbox.store.get(item.id)).toMatchObject({ state: 'queued', uncertain: true, lastError: { reason: 'outbox.noAnswer', params: { seconds: 0.1 } } });
    expect(h.outbox.worker.inFlightCount).toBe(0);
  });

  it('after a crash, an item left "sending" is reconciled with the IdP before it is sent again', async () => {
    h = await syncHarness({ backoff });
    const landed = h.enqueue('alice', 1);
    const lost = h.enqueue('bob', 1);
    // The previous process marked both as sending; only alice's request reached the IdP.
    h.outbox.store.markSending(landed.id);
    h.outbox.store.markSending(lost.id);
    await fetch(`${h.fake.url}/enrollments`, { method: 'POST', headers: { 'idempotency-key': landed.idempotencyKey }, body: JSON.stringify({ attendee: 'alice', seq: 1 }) });
    h.outbox.worker.start();
    await h.outbox.worker.runDue();
    expect(h.outbox.store.get(landed.id)!.state).toBe('done');
    expect(h.outbox.store.get(lost.id)!.state).toBe('done');
    expect(h.fake.applied.get(landed.idempotencyKey)).toBe(1);
    expect(h.fake.applied.get(lost.idempotencyKey)).toBe(1);
    expect(h.handler.counters).toEqual({ sends: 1, lookups: 2 });
    expect(h.audit.list().map((r) => r.data.how)).toContain('reconciled');
  });

  it('drops nothing and repeats nothing under a seeded mix of faults, once an operator retries what was parked', async () => {
    h = await syncHarness({ backoff, concurrency: 3 });
    let seed = 20260302;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const kinds = [
      { status: 500, applyFirst: true },
      { status: 500 },
      { status: 503 },
      { status: 429, headers: { 'retry-after': '2' } },
      { status: 200, body: 'not json', applyFirst: true },
      { status: 200, body: '{"unexpected":true}', applyFirst: true },
      { status: 404, body: '{"errorMessage":"User not found"}' },
      { status: 409, body: '{"errorMessage":"Exists"}' },
    ];
    h.fake.failNext(...Array.from({ length: 60 }, () => kinds[Math.floor(rand() * kinds.length)]!));
    const items = Array.from({ length: 40 }, (_, i) => h!.enqueue(`attendee${i % 7}`, i));
    for (let round = 0; round < 400; round += 1) {
      await h.outbox.worker.runDue();
      const s = h.outbox.summary();
      if (s.pending === 0 && s.parked === 0) break;
      if (s.parked > 0) {
        for (const p of h.outbox.parked()) {
          expect(p.lastError).toBeTruthy();
          h.outbox.retry(p.id, 'Dana (IT)');
        }
        continue;
      }
      h.advanceTo(Math.max(h.now() + 1, h.outbox.worker.nextWakeAt() ?? h.now()));
    }
    expect(h.outbox.summary()).toMatchObject({ pending: 0, parked: 0, done: 40 });
    for (const item of items) expect(h.fake.applied.get(item.idempotencyKey)).toBe(1);
    expect(h.fake.duplicates()).toEqual([]);
    // The mix really bit: items were parked and retried, and earlier attempts were reconciled.
    expect(h.audit.list(5000).filter((r) => r.action === 'outbox.retry').length).toBeGreaterThan(0);
    expect(h.audit.list(5000).filter((r) => r.data.how === 'reconciled').length).toBeGreaterThan(0);
    for (let a = 0; a < 7; a += 1) {
      const seqs = h.fake.order.filter((o) => o.body.attendee === `attendee${a}`).map((o) => o.body.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
  });

  it('started, it syncs by itself; stop() waits for the call in flight', async () => {
    h = await syncHarness({ backoff });
    h.fake.delayMs = 150;
    h.outbox.start();
    const item = h.enqueue('alice', 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.outbox.store.get(item.id)!.state).toBe('sending');
    await h.outbox.stop();
    expect(h.outbox.store.get(item.id)!.state).toBe('done');
    expect(h.outbox.worker.inFlightCount).toBe(0);
  });
});
