import { z } from 'zod';
import { IdpError } from '../../../electron/core/idp/idp-error';
import { withSyncFailures } from '../../../electron/core/idp/idp-sync-failure';
import type { IdpHttpClient } from '../../../electron/core/idp/http/idp-http-client';
import type { OutboxHandler } from '../../../electron/core/sync/outbox-types';

const enrollmentSchema = z.object({ id: z.string(), idempotencyKey: z.string() });

/**
 * An outbox handler the way the IdP connectors write theirs: the connectors' own HTTP client
 * (timeouts, failure classification, one token refresh on 401), the item's idempotency key
 * on the wire, a `wasApplied` that looks the enrollment up at the IdP, and IdpErrors handed
 * to the outbox as SyncFailures.
 */
export function enrollmentHandler(client: IdpHttpClient, counters = { sends: 0, lookups: 0 }): OutboxHandler & { counters: typeof counters } {
  const handler: OutboxHandler = {
    async send(item) {
      counters.sends += 1;
      await client.json(
        { method: 'POST', path: '/enrollments', json: item.payload, headers: { 'idempotency-key': item.idempotencyKey }, what: 'registering the enrollment' },
        enrollmentSchema,
      );
    },
    async wasApplied(item) {
      counters.lookups += 1;
      try {
        await client.json({ method: 'GET', path: `/enrollments/${encodeURIComponent(item.idempotencyKey)}`, what: 'checking an earlier attempt' }, enrollmentSchema);
        return true;
      } catch (error) {
        if (error instanceof IdpError && error.status === 404) return false;
        throw error;
      }
    },
  };
  return { ...withSyncFailures(handler), counters };
}
