import { actingFacilitator } from '../access/acting-facilitator';
import type { PartialHandlers } from '../contract/handler-table';
import type { Clock } from '../ports/clock';
import { toItemView } from './outbox-notifier';
import type { OutboxService } from './outbox-service';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function createOutboxHandlers(deps: { outbox: OutboxService; clock: Clock }): PartialHandlers<
  'outbox.summary' | 'outbox.parked' | 'outbox.retry' | 'outbox.discard'
> {
  return {
    'outbox.summary': () => {
      const s = deps.outbox.summary();
      const now = deps.clock.now().getTime();
      return {
        pending: s.pending,
        sending: s.sending,
        parked: s.parked,
        done: s.done,
        discarded: s.discarded,
        oldestPendingAt: iso(s.oldestPendingAt),
        oldestPendingAgeSeconds: s.oldestPendingAt === null ? null : Math.max(0, (now - s.oldestPendingAt) / 1000),
        lastSuccessAt: iso(s.lastSuccessAt),
        nextAttemptAt: iso(s.nextAttemptAt),
        lastError: s.lastError,
      };
    },
    'outbox.parked': () => ({ items: deps.outbox.parked().map(toItemView) }),
    'outbox.retry': ({ itemId }, call) => toItemView(deps.outbox.retry(itemId, actingFacilitator(call).name)),
    'outbox.discard': ({ itemId, reason }, call) => toItemView(deps.outbox.discard(itemId, actingFacilitator(call).name, reason)),
  };
}
