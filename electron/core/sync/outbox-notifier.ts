import type { OutboxItemView } from '../../../shared/contract/outbox-calls';
import type { EventBus } from '../events/event-bus';
import type { OutboxItem } from './outbox-types';

/** Where the worker reports transitions; the UI hears them as outbox.* events. */
export interface OutboxNotifier {
  queued(item: OutboxItem): void;
  sending(item: OutboxItem): void;
  done(item: OutboxItem): void;
  parked(item: OutboxItem): void;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The public face of an item: no payload (it is for the IdP, not for screens). */
export function toItemView(item: OutboxItem): OutboxItemView {
  return {
    itemId: item.id,
    kind: item.kind,
    subjectKey: item.subjectKey,
    state: item.state,
    attempts: item.attempts,
    nextAttemptAt: item.state === 'queued' ? iso(item.nextAttemptAt) : null,
    lastError: item.lastError,
    idpMessage: item.idpMessage,
    createdAt: new Date(item.createdAt).toISOString(),
    updatedAt: new Date(item.updatedAt).toISOString(),
  };
}

export function eventNotifier(events: EventBus): OutboxNotifier {
  return {
    queued: (item) => events.publish('outbox.queued', toItemView(item)),
    sending: (item) => events.publish('outbox.sending', toItemView(item)),
    done: (item) => events.publish('outbox.done', toItemView(item)),
    parked: (item) => events.publish('outbox.parked', toItemView(item)),
  };
}

export const silentNotifier: OutboxNotifier = { queued() {}, sending() {}, done() {}, parked() {} };
