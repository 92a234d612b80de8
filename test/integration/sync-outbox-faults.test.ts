import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { ClientCredentialsToken } from '../../electron/core/idp/http/client-credentials-token';
import { IdpHttpClient } from '../../electron/core/idp/http/idp-http-client';
import { FileSecretStore } from '../../electron/core/secrets/file-secret-store';
import { syncHarness, type SyncHarness } from './helpers/sync-harness';
import { englishText } from '../../shared/contract/messages';

// The harness injects random() = 0.5, so full-jitter delays are exactly half their ceiling.
const BASE = 1_000;
const backoff = { baseMs: BASE, capMs: 60_000 };

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('outbox against a real HTTP IdP on 127.0.0.1: faults end in a retry or a parked item, nothing is dropped', () => {
  it('sends an item once and reports queued, sending and done', async () => {
    h = await syncHarness({ backoff });
    const item = h.enqueue('alice', 1);
    expect(h.fake.applied.size).toBe(0);
    await h.outbox.worker.runDue();
    expect(h.outbox.store.get(item.id)).toMatchObject({ state: 'done', attempts: 1, lastError: null });
    expect(h.fake.applied.get(item.idempotencyKey)).toBe(1);
    expect(h.events.map((e) => e.name)).toEqual(['outbox.queued', 'outbox.sending', 'outbox.done']);
    expect(h.outbox.summary()).toMatchObject({ pending: 0, done: 1, parked: 0, lastSuccessAt: h.now() });
  });

  it('retries a 500 with exponential backoff and full jitter, reconciles first, then succeeds without a duplicate', async () => {
    h = await syncHarness({ backoff });
    h.fake.failNext({ status: 500, applyFirst: true }, { status: 502 });
    const item = h.enqueue('alice', 1);
    await h.outbox.worker.runDue();
    const first = h.outbox.store.get(item.id)!;
    expect(first).toMatchObject({ state: 'queued', attempts: 1, uncertain: true });
    expect(first.nextAttemptAt - h.now()).toBe(BASE * 0.5);
    expect(englishText(first.lastError!)).toMatch(/server error \(HTTP 500\)/);

    h.advance(BASE * 0.5 - 1);
    await h.outbox.worker.runDue();
    expect(h.outbox.store.get(item.id)!.attempts).toBe(1);

    h.advance(1);
    await h.outbox.worker.runDue();
    // The 500 had landed: wasApplied finds it and the item is done without a second POST.
    expect(h.outbox.store.get(item.id)).toMatchObject({ state: 'done', attempts: 2 });
    expect(h.handler.counters).toEqual({ sends: 1, lookups: 1 });
    expect(h.fake.applied.get(item.idempotencyKey)).toBe(1);
    expect(h.fake.duplicates()).toEqual([]);

    const second = h.enqueue('bob', 1);
    await h.outbox.worker.runDue();
    const failed = h.outbox.store.get(second.id)!;
    expect(failed.state).toBe('queued');
    expect(englishText(failed.lastError!)).toMatch(/HTTP 502/);
    h.advanceTo(failed.nextAttemptAt);
    await h.outbox.worker.runDue();
    expect(h.outbox.store.get(second.id)!.state).toBe('done');
    expect(h.fake.applied.get(second.idempotencyKey)).toBe(1);
  });

  it('grows the backoff ceiling per attempt up to the cap', async () => {
    h = await syncHarness({ backoff: { baseMs: BASE, capMs: 5_000 } });
    h.fake.failNext(...Array.from({ length: 5 }, () => ({ status: 500 })));
    const item = h.enqueue('alice', 1);
    const delays: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      await h.outbox.worker.runDue();
      const next = h.outbox.store.get(item.id)!.nextAttemptAt;
      delays.push(next - h.now());
      h.advanceTo(next);
    }
    expect(delays).toEqual([500, 1_000, 2_000, 2_500, 2_500]);
    await h.outbox.worker.runDue();
    expect(h.outbox.store.get(item.id)!.state).toBe('done');
  });

  it('honours Retry-After on 429 and 503 exactly, pausing every item for that IdP until then', async () => {
    h = await syncHarness({ backoff, concurrency: 1 });
    h.fake.failNext({ status: 429, headers: { 'retry-after': '7' } });
    const a = h.enqueue('alice', 1);
    const b = h.enqueue('bob', 1);
    await h.outbox.worker.runDue();
    expect(h.outbox.store.get(a.id)).toMatchObject({ state: 'queued', nextAttemptAt: h.now() + 7_000, uncertain: false });
    expect(englishText(h.outbox.store.get(a.id)!.lastError!)).toMatch(/busy \(HTTP 429\).*wait 7 s/);
    // bob was due too, but the IdP asked the kiosk to wait: not one request until then.
    expect(h.outbox.store.get(b.id)!.state).toBe('queued');
    expect(h.fake.requests.filter((r) => r.method === 'POST')).toHaveLength(1);

    h.advance(6_999);
    await h.outbox.worker.runDue();
    expect(h.fake.requests.filter((r) => r.method === 'POST')).toHaveLength(1);

    h.advance(1);
    h.fake.failNext({ status: 503, headers: { 'retry-after': new Date(h.now() + 3_000).toUTCString() } });
    await h.outbox.worker.runDue();
    // bob waited longest, so he went first and got the 503 (an HTTP date this time); alice waits with him.
    const afterB = h.outbox.store.get(b.id)!;
    expect(afterB).toMatchObject({ state: 'queued', nextAttemptAt: h.now() + 3_000 });
    expect(englishText(afterB.lastError!)).toMatch(/HTTP 503/);
    expect(h.outbox.store.get(a.id)!.state).toBe('queued');
    expect(h.fake.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    h.advance(3_000);
    await h.outbox.worker.runDue();
    expect([h.outbox.store.get(a.id)!.state, h.outbox.store.get(b.id)!.state]).toEqual(['done', 'done']);
    expect(h.fake.duplicates()).toEqual([]);
  });

  it('treats a timeout as maybe-sent: the next attempt finds the enrollment at the IdP instead of sending it twice', async () => {
    h = await syncHarness({ backoff, timeoutMs: 300 });
    h.fake.failNext({ hang: true, applyFirst: true });
    const item = h.enqueue('alice', 1);
    await h.outbox.worker.runDue();
    const after = h.outbox.store.get(item.id)!;
    expect(after).toMatchObject({ state: 'queued', uncertain: true });
    expect(englishText(after.lastError!)).toMatch(/did not answer within 0\.3 s/);
    h.advanceTo(after.nextAttemptAt);
    await h.outbox.worker.runDue();
    expect(h.outbox.store.get(item.id)!.state).toBe('done');
    expect(h.fake.applied.get(item.idempotencyKey)).toBe(1);
    expect(h.handler.counters.sends).toBe(1);
  });

  it('keeps items through connection refused until the IdP is back', async () => {
    h = await syncHarness({ backoff });
    const port = h.fake.port;
    await h.fake.close();
    const item = h.enqueue('alice', 1);
    await h.outbox.worker.runDue();
    const after = h.outbox.store.get(item.id)!;
    expect(after.state).toBe('queued');
    expect(englishText(after.lastError!)).toMatch(/refused the connection/);
    h.advanceTo(after.nextAttemptAt);
    await h.outbox.worker.runDue();
    expect(h.outbox.store.get(item.id)!.attempts).toBe(2);
    await h.fake.listen(port);
    h.advanceTo(h.outbox.store.get(item.id)!.nextAttemptAt);
    await h.outbox.worker.runDue();
    expect(h.outbox.store.get(item.id)!.state).toBe('done');
    expect(h.fake.applied.get(item.idempotencyKey)).toBe(1);
  });

  it('refreshes the token once on a 401 mid-run and carries on in the same attempt', async () => {
    const secretsDir = mkdtempSync(join(tmpdir(), 'kiosk-sync-secrets-'));
    const secrets = new FileSecretStore({ dataDir: secretsDir, warn: () => {} });
    await secrets.set('idp.test.clientSecret', 'kiosk-client-secret');
    onTestFinished(() => rmSync(secretsDir, { recursive: true, force: true }));
    h = await syncHarness({
      backoff,
      tokens: (fake) =>
        new ClientCredentialsToken({
          http: new IdpHttpClient({ idpLabel: 'Test IdP', baseUrl: fake.url, timeoutMs: 2_000 }),
          tokenPath: '/token',
          clientId: 'kiosk',
          clientSecretRef: 'idp.test.clientSecret',
          secrets,
          now: () => new Date(),
        }),
    });
    h.fake.requireAuth = true;
    const a = h.enqueue('alice', 1);
    await h.outbox.worker.runDue();
    expect(h.outbox.store.get(a.id)!.state).toBe('done');
    expect(h.fake.tokensIssued).toBe(1);
    h.fake.revokeTokens();
    const b = h.enqueue('bob', 1);
    await h.outbox.worker.runDue();
    expect(h.outbox.store.get(b.id)).toMatchObject({ state: 'done', attempts: 1 });
    expect(h.fake.tokensIssued).toBe(2);
    expect(h.fake.duplicates()).toEqual([]);
  });

  it('retries malformed JSON (reconciling first) and parks a 200 whose body breaks the contract with a readable reason', async () => {
    h = await syncHarness({ backoff });
    h.fake.failNext({ status: 200, body: '<html>proxy error</html>', applyFirst: true });
    const a = h.enqueue('alice', 1);
    await h.outbox.worker.runDue();
    const afterA = h.outbox.store.get(a.id)!;
    expect(afterA.state).toBe('queued');
    expect(englishText(afterA.lastError!)).toMatch(/unreadable answer \(not JSON\)/);
    h.advanceTo(afterA.nextAttemptAt);
    await h.outbox.worker.runDue();
    expect(h.outbox.store.get(a.id)!.state).toBe('done');
    expect(h.fake.applied.get(a.idempotencyKey)).toBe(1);

    h.fake.failNext({ status: 200, body: JSON.stringify({ id: 42 }), applyFirst: true });
    const b = h.enqueue('bob', 1);
    await h.outbox.worker.runDue();
    const parked = h.outbox.store.get(b.id)!;
    expect(parked).toMatchObject({ state: 'parked', uncertain: true });
    expect(englishText(parked.lastError!)).toMatch(/data the kiosk does not understand \(id: .*\)/);
    expect(h.events.at(-1)).toMatchObject({ name: 'outbox.parked', payload: { itemId: b.id, state: 'parked' } });
    // An operator retry reconciles first: the IdP had applied it, so no second POST.
    h.outbox.retry(b.id, 'Dana (IT)');
    await h.outbox.worker.runDue();
    expect(h.outbox.store.get(b.id)!.state).toBe('done');
    expect(h.fake.applied.get(b.idempotencyKey)).toBe(1);
  });

  it.each([
    [400, 'idp.invalidRequest', 'rejected the request as invalid (HTTP 400). If the step is stale', 'Invalid credential data'],
    [403, 'idp.refused', 'Ask IT to check the kiosk\'s permissions at the IdP', 'Forbidden: missing manage-users'],
    [404, 'idp.notFound', 'does not know this user or object (HTTP 404). If the user was deleted or renamed at the IdP', 'User not found'],
    [409, 'idp.conflict', 'already has something that conflicts with this (HTTP 409)', 'Credential already exists'],
    [422, 'idp.refusedOther', 'refused the request (HTTP 422). Ask IT to check what the IdP said', 'Unprocessable'],
  ] as const)('parks a permanent %i as its code with what to do, keeps the IdP\'s own words beside it, and sends it no more', async (status, code, meaning, said) => {
    h = await syncHarness({ backoff });
    h.fake.failNext({ status, body: JSON.stringify({ errorMessage: said }) });
    const item = h.enqueue('alice', 1);
    await h.outbox.worker.runDue();
    const parked = h.outbox.store.get(item.id)!;
    expect(parked.state).toBe('parked');
    expect(parked.lastError).toEqual({ reason: code, params: { idp: expect.any(String), status } });
    expect(englishText(parked.lastError!)).toContain(meaning);
    expect(parked.idpMessage).toBe(said);
    expect(h.outbox.summary()).toMatchObject({ parked: 1, pending: 0 });
    h.advance(24 * 3600_000);
    await h.outbox.worker.runDue();
    expect(h.fake.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });
});
