import type { Message } from '../../../shared/contract/messages';

/**
 * How a call to an IdP failed, classified for the outbox worker:
 * - transient: 5xx, timeouts, connection refused, malformed responses from a flaky proxy → retry with backoff
 * - rateLimited: 429 / 503 with Retry-After → retry no earlier than retryAfterMs
 * - unauthorized: 401 → refresh the token once, then retry
 * - permanent: 400, 403, 404, 409 and contract violations → park for an operator
 */
export type IdpFailureKind = 'transient' | 'rateLimited' | 'unauthorized' | 'permanent';

export class IdpError extends Error {
  readonly kind: IdpFailureKind;
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  /** What the IdP itself said, trimmed; shown to operators next to a parked item. */
  readonly idpMessage: string | null;
  /** What to tell the person at the kiosk, translated there; `message` stays the operator's fuller English. */
  readonly says: Message | null;

  constructor(
    kind: IdpFailureKind,
    message: string,
    options: { status?: number | null; retryAfterMs?: number | null; idpMessage?: string | null; says?: Message } = {},
  ) {
    super(message);
    this.name = 'IdpError';
    this.kind = kind;
    this.status = options.status ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.idpMessage = options.idpMessage ?? null;
    this.says = options.says ?? null;
  }
}

/** What an IdP failure tells the person, where it is one that says so. */
export function saysOf(error: unknown): Message | null {
  return error instanceof IdpError ? error.says : null;
}
