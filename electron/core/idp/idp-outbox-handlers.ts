import type { z } from 'zod';
import { message } from '../../../shared/contract/messages';
import type { OutboxKind, OutboxPayloadSchema } from '../sync/outbox-kind';
import type { OutboxHandler, OutboxItem, OutboxOutcome, SendContext } from '../sync/outbox-types';
import type { IdpConnector } from './idp-connector';
import { IdpError } from './idp-error';
import { IDP_OUTBOX_KINDS } from './idp-outbox-kinds';
import type { IdpStatusTracker } from './idp-status';
import { toIdpError, withSyncFailures } from './idp-sync-failure';

/** The stored payload, read with the schema it was built with. */
function parse<S extends OutboxPayloadSchema>(kind: OutboxKind<S>, item: OutboxItem): z.output<S> {
  const result = kind.payload.safeParse(item.payload);
  if (!result.success) throw new IdpError('permanent', message('idp.itemDamaged', { id: item.id }));
  return result.data;
}

/**
 * One OutboxHandler per kind; `send` is idempotent by itself and `wasApplied` looks first.
 * Their IdpErrors reach the outbox as SyncFailures.
 */
export function createIdpOutboxHandlers(connector: IdpConnector): Record<string, OutboxHandler> {
  // Every call gets the worker's signal, so its per-item timeout ends the request in flight.
  const key = (item: OutboxItem, ctx: SendContext) => {
    const p = parse(IDP_OUTBOX_KINDS.keyRegistration, item);
    return {
      handle: p.handle,
      response: p.response,
      options: { idempotencyKey: item.idempotencyKey, displayName: p.displayName, signal: ctx.signal },
    };
  };
  const handlers: Record<string, OutboxHandler> = {
    [IDP_OUTBOX_KINDS.keyRegistration.name]: {
      send: async (item, ctx) => {
        const { handle, response, options } = key(item, ctx);
        return connector.finishKeyRegistration(handle, response, options);
      },
      wasApplied: async (item, ctx) => {
        const { handle, response, options } = key(item, ctx);
        return (await connector.wasKeyRegistrationApplied(handle, response, options)) !== null;
      },
    },
    [IDP_OUTBOX_KINDS.revokeAuthenticator.name]: {
      send: async (item, ctx) => {
        const p = parse(IDP_OUTBOX_KINDS.revokeAuthenticator, item);
        await connector.revokeAuthenticator(p.user, p.authenticatorId, { signal: ctx.signal });
      },
    },
  };
  const recovery = connector.recoveryCodes;
  if (recovery.mode === 'kioskIssuedHashed') {
    handlers[IDP_OUTBOX_KINDS.recoveryCodeHashes.name] = {
      send: async (item, ctx) => {
        const p = parse(IDP_OUTBOX_KINDS.recoveryCodeHashes, item);
        return recovery.store(p.user, p.hashes, { idempotencyKey: item.idempotencyKey, signal: ctx.signal });
      },
    };
  }
  return Object.fromEntries(Object.entries(handlers).map(([kind, handler]) => [kind, withSyncFailures(handler)]));
}

const idpKinds = new Set<string>(Object.values(IDP_OUTBOX_KINDS).map((kind) => kind.name));

/** Lets `idp.status` show what the outbox worker learned about the IdP: its last error and last success. */
export function idpOutboxStatusObserver(status: IdpStatusTracker): (outcome: OutboxOutcome) => void {
  return (outcome) => {
    if (!idpKinds.has(outcome.item.kind)) return;
    if (outcome.result === 'done') status.recordSuccess();
    else status.record(toIdpError(outcome.error));
  };
}
