import { z } from 'zod';
import { englishText, messageCodeSchema, messageParamsSchema, type Message, type MessageCode, type MessageParams } from './messages';

/**
 * Every error that crosses the contract boundary carries one of these codes, a message code a
 * person can act on, and optional structured details. Codes are stable; texts may change.
 */
export const errorCodes = [
  'invalid_input',
  'unknown_call',
  'not_found',
  'conflict',
  'forbidden',
  'unavailable',
  'timeout',
  'cancelled',
  'internal',
  'config_invalid',
  'roster_invalid',
  'session_closed',
  'identity_unconfirmed',
  'key_not_found',
  'key_access_denied',
  'key_protocol',
  'key_pin_invalid',
  'key_pin_blocked',
  'key_pin_policy',
  'key_pin_required',
  'key_user_action',
  /** No touch before the key gave up waiting: the person did not confirm on the key. */
  'key_touch_timeout',
  /** The key does not answer at all (no INIT, no getInfo) within the deadline. */
  'key_not_answering',
  /** The key cannot do what the kiosk needs (e.g. U2F-only, no FIDO2). */
  'key_unsupported',
  /** The key's model is outside the configured allow-list, or a software key in production. */
  'key_not_allowed',
  /** The key already holds a credential for this account or another attendee of this session. */
  'key_already_registered',
  'idp_unreachable',
  'idp_rejected',
  'idp_contract',
  /** The IdP's one-time link or registration challenge ran out; ask for a new one. */
  'idp_expired',
  'outbox_item_missing',
  /** A document could not be printed (unknown printer, queue stopped, no paper, spooler down). */
  'print_failed',
  /** A facilitator call while the kiosk is locked: a facilitator unlocks it with their key first. */
  'locked',
  /** Not now: details `retryAt` (ISO) and `retryAfterMs` say when (too many attempts in a minute; the training key's re-plug wait). */
  'retry_later',
] as const;

export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorBodySchema = z.object({
  code: errorCodeSchema,
  /** The English of `reason`, for logs: the same text the English screen shows. */
  message: z.string(),
  details: z.unknown().optional(),
  /** What to tell the person, as a message code the renderer translates with `params`. */
  reason: messageCodeSchema,
  params: messageParamsSchema,
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * The one typed error of the application, on both sides of the boundary. What it says is a
 * message code with its parameters (`says`): the screen translates it, and `message` is its
 * English, for the log. Details that IT needs (a path, a command, what a peer said) are
 * parameters of the code, so they reach the log and the screen alike.
 */
export class KioskError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly says: Message;

  constructor(code: ErrorCode, says: Message, details?: unknown) {
    super(englishText(says));
    this.name = 'KioskError';
    this.code = code;
    this.details = details;
    this.says = says;
  }

  toBody(): ErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
      reason: this.says.reason,
      params: this.says.params,
    };
  }

  static fromBody(body: ErrorBody): KioskError {
    return new KioskError(body.code, { reason: body.reason, params: body.params }, body.details);
  }
}

export type { Message, MessageCode, MessageParams };

export function isKioskError(value: unknown): value is KioskError {
  return value instanceof KioskError;
}
