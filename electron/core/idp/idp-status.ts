import type { IdpStatus } from '../../../shared/contract/idp-calls';
import type { Clock } from '../ports/clock';
import { IdpError } from './idp-error';

/**
 * The connector's last failure and last success, for the status screen. Whoever calls the
 * connector (the journey steps, the outbox worker through `idpOutboxStatusObserver`, the
 * health check) reports here.
 */
export class IdpStatusTracker {
  private last: IdpStatus['lastError'] = null;
  private lastSuccess: string | null = null;

  constructor(private readonly clock: Clock) {}

  record(error: unknown): void {
    if (!(error instanceof IdpError)) return;
    this.last = { kind: error.kind, says: error.says, idpMessage: error.idpMessage, at: this.clock.now().toISOString() };
  }

  /** Something the kiosk sent reached the IdP (or was found there already). */
  recordSuccess(): void {
    this.lastSuccess = this.clock.now().toISOString();
  }

  get lastError(): IdpStatus['lastError'] {
    return this.last;
  }

  get lastSuccessAt(): string | null {
    return this.lastSuccess;
  }
}
