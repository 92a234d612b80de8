import type { IdpStatus } from '../../../shared/contract/idp-calls';
import type { Clock } from '../ports/clock';
import { IdpError } from './idp-error';

/**
 * The connector's last failure, for the status screen. Whoever calls the connector (the
 * journey steps, the outbox handlers, the health check) reports IdpErrors here.
 */
export class IdpStatusTracker {
  private last: IdpStatus['lastError'] = null;

  constructor(private readonly clock: Clock) {}

  record(error: unknown): void {
    if (!(error instanceof IdpError)) return;
    this.last = { kind: error.kind, message: error.message, idpMessage: error.idpMessage, at: this.clock.now().toISOString() };
  }

  get lastError(): IdpStatus['lastError'] {
    return this.last;
  }
}
