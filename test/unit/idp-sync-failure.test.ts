import { describe, expect, it } from 'vitest';
import { IdpError } from '../../electron/core/idp/idp-error';
import { toIdpError, toSyncFailure, withSyncFailures } from '../../electron/core/idp/idp-sync-failure';
import type { OutboxItem } from '../../electron/core/sync/outbox-types';
import { SyncFailure } from '../../electron/core/sync/sync-failure';

const item = { id: 1, kind: 'idp.keyRegistration' } as OutboxItem;
const ctx = { signal: new AbortController().signal, attempt: 1, idempotencyKey: 'k' };

describe('IdP failures in the outbox’s terms', () => {
  it.each([
    ['a 500', new IdpError('transient', 'server error', { status: 500 }), true],
    ['a timeout (no answer)', new IdpError('transient', 'no answer'), true],
    ['a 503 with Retry-After', new IdpError('rateLimited', 'busy', { status: 503, retryAfterMs: 1500 }), false],
    ['a 503 without Retry-After', new IdpError('transient', 'unavailable', { status: 503 }), false],
    ['a 403', new IdpError('permanent', 'forbidden', { status: 403 }), false],
    ['a 200 whose body breaks the contract', new IdpError('permanent', 'unreadable', { status: 200 }), true],
    ['a 401 after the refresh', new IdpError('unauthorized', 'refused', { status: 401 }), false],
  ])('says whether %s may have reached the IdP', (_what, error, mayHaveLanded) => {
    const failure = toSyncFailure(error);
    expect(failure).toBeInstanceOf(SyncFailure);
    expect(failure).toMatchObject({ kind: error.kind, message: error.message, status: error.status, retryAfterMs: error.retryAfterMs, mayHaveLanded });
  });

  it("carries what the IdP said, and gives the status screen back the IdP's own error", () => {
    const error = new IdpError('permanent', 'Keycloak refused', { status: 409, idpMessage: 'Credential exists' });
    const failure = toSyncFailure(error);
    expect(failure.remoteMessage).toBe('Credential exists');
    expect(toIdpError(failure)).toBe(error);
    expect(toIdpError(new SyncFailure('transient', 'The IdP did not answer within 1 s.'))).toMatchObject({ kind: 'transient', message: 'The IdP did not answer within 1 s.' });
  });

  it('hands a handler’s IdpErrors to the worker as SyncFailures and leaves other errors alone', async () => {
    const bug = new TypeError('not an IdP failure');
    const handler = withSyncFailures({
      send: async () => Promise.reject(new IdpError('rateLimited', 'busy', { status: 429, retryAfterMs: 2000 })),
      wasApplied: async () => Promise.reject(bug),
      target: 'idp',
    });
    await expect(handler.send(item, ctx)).rejects.toMatchObject({ name: 'SyncFailure', kind: 'rateLimited', retryAfterMs: 2000, mayHaveLanded: false });
    await expect(handler.wasApplied!(item, ctx)).rejects.toBe(bug);
    expect(handler.refreshAuth).toBeUndefined();
    expect(handler.target).toBe('idp');
  });
});
