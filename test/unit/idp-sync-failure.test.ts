import { describe, expect, it } from 'vitest';
import { IdpError } from '../../electron/core/idp/idp-error';
import { toIdpError, toSyncFailure, withSyncFailures } from '../../electron/core/idp/idp-sync-failure';
import type { OutboxItem } from '../../electron/core/sync/outbox-types';
import { SyncFailure } from '../../electron/core/sync/sync-failure';
import { message } from '../../shared/contract/messages';

const item = { id: 1, kind: 'idp.keyRegistration' } as OutboxItem;
const ctx = { signal: new AbortController().signal, attempt: 1, idempotencyKey: 'k' };

describe('IdP failures in the outbox’s terms', () => {
  it.each([
    ['a 500', new IdpError('transient', message('idp.serverError', { idp: 'Keycloak', status: 500 }), { status: 500 }), true],
    ['a timeout (no answer)', new IdpError('transient', message('idp.timeout', { idp: 'Keycloak', seconds: 10 })), true],
    ['a 503 with Retry-After', new IdpError('rateLimited', message('idp.busyWait', { idp: 'Keycloak', status: 503, seconds: 1.5 }), { status: 503, retryAfterMs: 1500 }), false],
    ['a 503 without Retry-After', new IdpError('transient', message('idp.serverError', { idp: 'Keycloak', status: 503 }), { status: 503 }), false],
    ['a 403', new IdpError('permanent', message('idp.refused', { idp: 'Keycloak', status: 403 }), { status: 403 }), false],
    ['a 200 whose body breaks the contract', new IdpError('permanent', message('idp.notUnderstood', { idp: 'Keycloak', problem: 'id: expected string' }), { status: 200 }), true],
    ['a 401 after the refresh', new IdpError('unauthorized', message('idp.credentialsRefused', { idp: 'Keycloak' }), { status: 401 }), false],
  ])('says whether %s may have reached the IdP', (_what, error, mayHaveLanded) => {
    const failure = toSyncFailure(error);
    expect(failure).toBeInstanceOf(SyncFailure);
    expect(failure).toMatchObject({ kind: error.kind, says: error.says, message: error.message, status: error.status, retryAfterMs: error.retryAfterMs, mayHaveLanded });
  });

  it("carries what the IdP said, and gives the status screen back the IdP's own error", () => {
    const error = new IdpError('permanent', message('idp.conflict', { idp: 'Keycloak', status: 409 }), { status: 409, idpMessage: 'Credential exists', during: 'registering the backup key' });
    const failure = toSyncFailure(error);
    expect(failure.remoteMessage).toBe('Credential exists');
    expect(failure.during).toBe('registering the backup key');
    expect(toIdpError(failure)).toBe(error);
    const noAnswer = message('outbox.noAnswer', { seconds: 1 });
    expect(toIdpError(new SyncFailure('transient', noAnswer))).toMatchObject({ kind: 'transient', says: noAnswer, message: 'No answer came within 1 s; the kiosk will try again.' });
  });

  it('hands a handler’s IdpErrors to the worker as SyncFailures and leaves other errors alone', async () => {
    const bug = new TypeError('not an IdP failure');
    const handler = withSyncFailures({
      send: async () => Promise.reject(new IdpError('rateLimited', message('idp.busyWait', { idp: 'Keycloak', status: 429, seconds: 2 }), { status: 429, retryAfterMs: 2000 })),
      wasApplied: async () => Promise.reject(bug),
      target: 'idp',
    });
    await expect(handler.send(item, ctx)).rejects.toMatchObject({ name: 'SyncFailure', kind: 'rateLimited', retryAfterMs: 2000, mayHaveLanded: false });
    await expect(handler.wasApplied!(item, ctx)).rejects.toBe(bug);
    expect(handler.refreshAuth).toBeUndefined();
    expect(handler.target).toBe('idp');
  });
});
