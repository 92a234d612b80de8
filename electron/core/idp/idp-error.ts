import { englishText, message, type Message } from '../../../shared/contract/messages';

/**
 * How a call to an IdP failed, classified for the outbox worker:
 * - transient: 5xx, timeouts, connection refused, malformed responses from a flaky proxy → retry with backoff
 * - rateLimited: 429 / 503 with Retry-After → retry no earlier than retryAfterMs
 * - unauthorized: 401 → refresh the token once, then retry
 * - permanent: 400, 403, 404, 409 and contract violations → park for an operator
 */
export type IdpFailureKind = 'transient' | 'rateLimited' | 'unauthorized' | 'permanent';

export interface IdpErrorOptions {
  status?: number | null;
  retryAfterMs?: number | null;
  idpMessage?: string | null;
  during?: string | null;
}

/**
 * What went wrong is its message code (`says`): the screen translates it, and `message` is its
 * English, for the log. Only what the IdP itself said travels as text of its own.
 */
export class IdpError extends Error {
  readonly kind: IdpFailureKind;
  readonly says: Message;
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  /** What the IdP itself said, trimmed; shown to operators next to a parked item, in its own words. */
  readonly idpMessage: string | null;
  /** What the kiosk was doing (the request's `what`), a field of the log line. */
  readonly during: string | null;

  constructor(kind: IdpFailureKind, says: Message, options: IdpErrorOptions = {}) {
    super(englishText(says));
    this.name = 'IdpError';
    this.kind = kind;
    this.says = says;
    this.status = options.status ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.idpMessage = options.idpMessage ?? null;
    this.during = options.during ?? null;
  }
}

/** What an IdP failure tells the person; anything else is a question the kiosk could not ask. */
export function saysOf(error: unknown): Message {
  return error instanceof IdpError ? error.says : message('idp.couldNotAsk');
}
