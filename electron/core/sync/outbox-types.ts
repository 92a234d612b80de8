import type { Message } from '../../../shared/contract/messages';
import type { SyncFailure } from './sync-failure';

/**
 * The outbox's vocabulary, shared by the store, the worker and the handlers that the IdP
 * connectors register per kind of item.
 */
export type OutboxState = 'queued' | 'sending' | 'done' | 'parked' | 'discarded';

/** JSON that may be stored: never plaintext PINs, recovery codes, tokens or secrets. */
export type OutboxPayload = Record<string, unknown>;

export interface OutboxItem {
  id: number;
  idempotencyKey: string;
  /** Items with the same subject (usually the attendee) reach the IdP in the order enqueued. */
  subjectKey: string;
  kind: string;
  payload: OutboxPayload;
  state: OutboxState;
  /** Every attempt since the item was queued; kept for the audit. */
  attempts: number;
  /** Attempts since an operator last retried the item; the backoff grows from these. */
  attemptsSinceOperatorRetry: number;
  /**
   * True when an earlier attempt may have reached the IdP without the kiosk learning the
   * outcome (a crash while 'sending', a timeout, a 5xx). The next attempt asks the handler's
   * `wasApplied` first.
   */
  uncertain: boolean;
  nextAttemptAt: number;
  /** What went wrong last, as its message code: said in the reader's language, logged in English. */
  lastError: Message | null;
  /** What the IdP itself said, in its own words. */
  idpMessage: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface EnqueueInput {
  /** Stable for the same real-world operation, e.g. `key-registration:<attendeeId>:<credentialId>`. */
  idempotencyKey: string;
  subjectKey: string;
  kind: string;
  payload: OutboxPayload;
}

export interface SendContext {
  /** Aborted when the worker's send timeout passes; pass it to every request of the call. */
  signal: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
  /** The idempotency key; send it to IdPs that accept one (e.g. as an `Idempotency-Key` header). */
  idempotencyKey: string;
}

/**
 * What a sink (the IdP connectors, say) provides for one kind of outbox item. Contract for
 * implementers:
 * - `send` performs the operation and resolves on success. It throws only `SyncFailure`
 *   (./sync-failure.ts) so the worker can tell retry, wait, refresh and park apart; anything
 *   else is treated as a transient, uncertain failure.
 * - `wasApplied` reads the IdP's state (e.g. lists the user's credentials) and answers
 *   whether this item's effect is already there. The worker calls it before re-sending an
 *   item whose earlier attempt may have landed (crash while sending, timeout, 5xx). Without
 *   it, `send` must be idempotent at the IdP by itself.
 * - `refreshAuth` drops a cached token and obtains a new one; the worker calls it once after
 *   a 401 and retries the call. Connectors that refresh on their own may omit it; a 401
 *   that still reaches the worker then parks the item.
 * - `target` names the remote service; a 429/503 Retry-After pauses every item of that
 *   target, not just the one that got it. Default: 'idp'.
 * A 2xx whose body breaks the contract should be thrown as 'permanent' with `mayHaveLanded`:
 * the item is parked but stays "maybe sent", so an operator's retry reconciles before sending. One window no
 * reconciliation can close: a request the IdP still processes after the kiosk died and
 * after `wasApplied` looked. Tagging what the IdP stores with the idempotency key (as the
 * connectors do) and checking it inside `send` closes that one too.
 */
export interface OutboxHandler {
  send(item: OutboxItem, ctx: SendContext): Promise<unknown>;
  wasApplied?(item: OutboxItem, ctx: SendContext): Promise<boolean>;
  refreshAuth?(): Promise<void>;
  target?: string;
}

export interface OutboxSummary {
  pending: number;
  sending: number;
  parked: number;
  done: number;
  discarded: number;
  oldestPendingAt: number | null;
  lastSuccessAt: number | null;
  nextAttemptAt: number | null;
  lastError: Message | null;
}

/**
 * What one attempt came to, after the store recorded it: for observers such as the IdP
 * status tracker. `error` is the failure as the worker classified it.
 */
export type OutboxOutcome =
  | { result: 'done'; item: OutboxItem; how: 'sent' | 'reconciled' }
  | { result: 'retry' | 'parked'; item: OutboxItem; error: SyncFailure };
