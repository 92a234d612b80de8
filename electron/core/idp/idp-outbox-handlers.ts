import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import type { OutboxHandler, OutboxItem, OutboxOutcome, SendContext } from '../sync/outbox-types';
import type { IdpConnector, IdpUser, KeyRegistrationHandle } from './idp-connector';
import { message } from '../../../shared/contract/messages';
import { IdpError } from './idp-error';
import type { IdpStatusTracker } from './idp-status';
import { toIdpError, withSyncFailures } from './idp-sync-failure';

/**
 * The outbox item kinds the IdP connector serves, and what their payloads hold: only ids,
 * public credential data and code HASHES (the outbox's payload guard refuses anything else).
 */
export const IDP_OUTBOX_KINDS = {
  keyRegistration: 'idp.keyRegistration',
  recoveryCodeHashes: 'idp.recoveryCodeHashes',
  revokeAuthenticator: 'idp.revokeAuthenticator',
} as const;

const userSchema = z.object({ id: z.string(), displayName: z.string(), username: z.string().nullable(), email: z.string().nullable(), badgeId: z.string().nullable() });
const keyRegistrationPayload = z.object({
  handle: z.looseObject({ idp: z.enum(['training', 'entra', 'keycloak', 'authentik']) }),
  response: z.looseObject({ id: z.string(), response: z.looseObject({ clientDataJSON: z.string(), attestationObject: z.string() }) }),
  displayName: z.string(),
});
const hashesPayload = z.object({ user: userSchema, hashes: z.array(z.object({ number: z.number().int(), encodedHashedValue: z.string() })).min(1) });
const revokePayload = z.object({ user: userSchema, authenticatorId: z.string() });

function parse<S extends z.ZodType>(schema: S, item: OutboxItem): z.output<S> {
  const result = schema.safeParse(item.payload);
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
    const p = parse(keyRegistrationPayload, item);
    return {
      handle: p.handle as KeyRegistrationHandle,
      response: p.response as unknown as RegistrationResponseJSON,
      options: { idempotencyKey: item.idempotencyKey, displayName: p.displayName, signal: ctx.signal },
    };
  };
  const handlers: Record<string, OutboxHandler> = {
    [IDP_OUTBOX_KINDS.keyRegistration]: {
      send: async (item, ctx) => {
        const { handle, response, options } = key(item, ctx);
        return connector.finishKeyRegistration(handle, response, options);
      },
      wasApplied: async (item, ctx) => {
        const { handle, response, options } = key(item, ctx);
        return (await connector.wasKeyRegistrationApplied(handle, response, options)) !== null;
      },
    },
    [IDP_OUTBOX_KINDS.revokeAuthenticator]: {
      send: async (item, ctx) => {
        const p = parse(revokePayload, item);
        await connector.revokeAuthenticator(p.user as IdpUser, p.authenticatorId, { signal: ctx.signal });
      },
    },
  };
  const recovery = connector.recoveryCodes;
  if (recovery.mode === 'kioskIssuedHashed') {
    handlers[IDP_OUTBOX_KINDS.recoveryCodeHashes] = {
      send: async (item, ctx) => {
        const p = parse(hashesPayload, item);
        return recovery.store(p.user as IdpUser, p.hashes, { idempotencyKey: item.idempotencyKey, signal: ctx.signal });
      },
    };
  }
  return Object.fromEntries(Object.entries(handlers).map(([kind, handler]) => [kind, withSyncFailures(handler)]));
}

const idpKinds = new Set<string>(Object.values(IDP_OUTBOX_KINDS));

/** Lets `idp.status` show what the outbox worker learned about the IdP: its last error and last success. */
export function idpOutboxStatusObserver(status: IdpStatusTracker): (outcome: OutboxOutcome) => void {
  return (outcome) => {
    if (!idpKinds.has(outcome.item.kind)) return;
    if (outcome.result === 'done') status.recordSuccess();
    else status.record(toIdpError(outcome.error));
  };
}
