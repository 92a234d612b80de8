import type { OutboxHandler } from '../sync/outbox-types';
import { SyncFailure } from '../sync/sync-failure';
import { IdpError } from './idp-error';

/**
 * An IdpError in the outbox's terms. What may have reached the IdP: a refusal without an
 * answer or with a 2xx the kiosk could not read; a transient failure other than a 503 (a 5xx,
 * a timeout or a broken connection may have landed; 429 and 503 say it was not processed).
 */
export function toSyncFailure(error: IdpError): SyncFailure {
  const answeredOk = error.status !== null && error.status >= 200 && error.status < 300;
  const mayHaveLanded =
    error.kind === 'permanent' || error.kind === 'unauthorized' ? error.status === null || answeredOk : error.kind === 'transient' && error.status !== 503;
  return new SyncFailure(error.kind, error.says, { status: error.status, retryAfterMs: error.retryAfterMs, remoteMessage: error.idpMessage, during: error.during, mayHaveLanded, cause: error });
}

/** A failure the outbox reported back as the IdP's: the IdpError it came from, or one made from it. */
export function toIdpError(failure: SyncFailure): IdpError {
  if (failure.cause instanceof IdpError) return failure.cause;
  return new IdpError(failure.kind, failure.says, { status: failure.status, retryAfterMs: failure.retryAfterMs, idpMessage: failure.remoteMessage, during: failure.during });
}

/** The same outbox handler, its IdpErrors thrown as SyncFailures for the worker. */
export function withSyncFailures(handler: OutboxHandler): OutboxHandler {
  const translated = (error: unknown) => (error instanceof IdpError ? toSyncFailure(error) : error);
  const { wasApplied, refreshAuth } = handler;
  return {
    target: handler.target,
    send: (item, ctx) => handler.send(item, ctx).catch((error: unknown) => Promise.reject(translated(error))),
    wasApplied: wasApplied && ((item, ctx) => wasApplied.call(handler, item, ctx).catch((error: unknown) => Promise.reject(translated(error)))),
    refreshAuth: refreshAuth && (() => refreshAuth.call(handler).catch((error: unknown) => Promise.reject(translated(error)))),
  };
}
