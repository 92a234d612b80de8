import type { Logger } from 'pino';
import type { CallDone } from '../contract/dispatch';
import type { KeyEvent } from '../fido/keys/key-event';
import type { IdpRequestDone } from '../idp/http/idp-http-client';
import type { OutboxOutcome } from '../sync/outbox-types';

/**
 * The core's hooks, each turned into one log line. Every field is picked here by name from a
 * typed event, so nothing the kiosk was given (inputs, payloads, bodies) reaches the logger.
 */
export interface CoreLogHooks {
  callDone(call: CallDone): void;
  idpRequest(request: IdpRequestDone): void;
  keyEvent(event: KeyEvent): void;
  outboxOutcome(outcome: OutboxOutcome): void;
  internalError(where: string, error: unknown): void;
}

export function coreLogHooks(logger: Logger): CoreLogHooks {
  return {
    callDone: ({ name, outcome, ms }) => {
      // Refusals are the kiosk working as meant; only its own failures are errors.
      const level = outcome === 'internal' ? 'error' : 'info';
      logger[level]({ call: name, outcome, ms }, 'call');
    },
    idpRequest: ({ idp, method, path, query, status, ms }) => {
      const level = status === null || status >= 500 ? 'warn' : 'info';
      logger[level]({ idp, method, path, query, status, ms }, 'idp request');
    },
    keyEvent: (event) => {
      const level = 'outcome' in event && event.outcome !== 'ok' ? 'warn' : 'info';
      logger[level]({ key: event }, `key ${event.event}`);
    },
    outboxOutcome: (outcome) => {
      const { id, kind, attempts } = outcome.item;
      if (outcome.result === 'done') {
        logger.info({ outbox: { id, kind, attempts, result: 'done', how: outcome.how } }, 'outbox item');
        return;
      }
      // The English of the error's code, and the code itself, so a line can be matched to what the screen said.
      const { kind: errorKind, status, says, message, during } = outcome.error;
      logger.warn({ outbox: { id, kind, attempts, result: outcome.result, error: { kind: errorKind, status, code: says.reason, message, during } } }, 'outbox item');
    },
    internalError: (where, error) => {
      logger.error({ where, err: error }, 'internal error');
    },
  };
}
