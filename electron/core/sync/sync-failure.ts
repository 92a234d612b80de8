import { englishText, type Message } from '../../../shared/contract/messages';

/**
 * How sending an outbox item failed, in the outbox's own terms, so that any sink (an IdP, a
 * report upload) tells the worker what to do without dressing up as something else:
 * - transient: may work later → retry with backoff
 * - rateLimited: retry no earlier than `retryAfterMs`, pausing every item of the same target
 * - unauthorized: refresh credentials once and retry; still refused → park for an operator
 * - permanent: park for an operator
 */
export type SyncFailureKind = 'transient' | 'rateLimited' | 'unauthorized' | 'permanent';

export interface SyncFailureOptions {
  /** The remote's status code when it answered (for the log). */
  status?: number | null;
  retryAfterMs?: number | null;
  /** What the remote itself said, trimmed; shown to operators next to a parked item. */
  remoteMessage?: string | null;
  /** What the sink was doing when it failed, a field of the log line. */
  during?: string | null;
  /**
   * The call may have taken effect although it failed (a timeout, a server error, a success
   * with a broken body), so the next attempt reconciles before sending. Default true: when in
   * doubt, look first.
   */
  mayHaveLanded?: boolean;
  cause?: unknown;
}

/** What went wrong is a message code (`says`), kept with a parked item; `message` is its English, for the log. */
export class SyncFailure extends Error {
  readonly kind: SyncFailureKind;
  readonly says: Message;
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  readonly remoteMessage: string | null;
  readonly mayHaveLanded: boolean;
  readonly during: string | null;

  constructor(kind: SyncFailureKind, says: Message, options: SyncFailureOptions = {}) {
    super(englishText(says), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SyncFailure';
    this.kind = kind;
    this.says = says;
    this.status = options.status ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.remoteMessage = options.remoteMessage ?? null;
    this.mayHaveLanded = options.mayHaveLanded ?? true;
    this.during = options.during ?? null;
  }
}
