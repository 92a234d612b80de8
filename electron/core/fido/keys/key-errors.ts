import { KioskError } from '../../../../shared/contract/errors';
import { message, type Message } from '../../../../shared/contract/messages';
import { CtapStatus } from '../ctap2/ctap2-constants';
import { CtapError, MALFORMED_RESPONSE } from '../ctap2/ctap2-error';
import { CANCELLED, CtapHidError, DEVICE_GONE, SILENT, TIMEOUT } from '../ctaphid/ctaphid-error';
import { HidAccessError, accessMessage } from '../hid/hid-access-error';

export const blockedPinMessage = message('key.pinBlocked');

export function wrongPinMessage(retries: number): Message {
  if (retries <= 0) return blockedPinMessage;
  return message('key.pinWrong', { count: retries });
}

export interface ErrorContext {
  /** The failed command carried the person's PIN: only then is CTAP2_ERR_PIN_INVALID a wrong PIN. */
  pinSent?: boolean;
  /** PIN retries read right after a CTAP2_ERR_PIN_INVALID. */
  retries?: number;
  /** The key's last keepalive asked for a touch: a timeout then means nobody touched it. */
  touchAsked?: boolean;
}

export function notAnswering(details?: unknown): KioskError {
  return new KioskError('key_not_answering', message('key.notAnswering'), details);
}

export function unsupported(details?: unknown): KioskError {
  return new KioskError('key_unsupported', message('key.u2fOnly'), details);
}

function touchTimeout(details: unknown): KioskError {
  return new KioskError('key_touch_timeout', message('key.touchTimeout'), details);
}

/** Maps transport and CTAP failures to errors a person (and the UI) can act on. */
export function toKioskError(error: unknown, context: ErrorContext = {}): KioskError {
  if (error instanceof KioskError) return error;
  if (error instanceof HidAccessError) return new KioskError('key_access_denied', accessMessage(error.problem), { problem: error.problem });
  if (error instanceof CtapHidError) return fromCtapHid(error, context);
  if (error instanceof CtapError) return fromCtap(error, context);
  return new KioskError('key_protocol', message('key.failed'), {
    error: error instanceof Error ? error.message : String(error),
  });
}

function fromCtapHid(error: CtapHidError, context: ErrorContext): KioskError {
  const details = { ctaphid: error.name };
  switch (error.name) {
    case DEVICE_GONE:
      return new KioskError('key_not_found', message('key.unplugged'), details);
    case CANCELLED:
      return new KioskError('cancelled', message('key.cancelled'), details);
    case TIMEOUT:
      return context.touchAsked ? touchTimeout(details) : notAnswering(details);
    // Even after it asked for a touch: a key waiting for one keeps saying so.
    case SILENT:
      return notAnswering(details);
    default:
      return new KioskError('key_protocol', message('key.transport', { problem: error.name }), details);
  }
}

function fromCtap(error: CtapError, context: ErrorContext): KioskError {
  const details = { ctap: error.name };
  if (error.name === MALFORMED_RESPONSE) {
    return new KioskError('key_protocol', message('key.unreadableAnswer'), { ...details, reason: error.message });
  }
  switch (error.status) {
    case CtapStatus.CTAP2_ERR_PIN_INVALID:
      if (!context.pinSent) return unexpectedAnswer(error);
      if (context.retries === 0) return new KioskError('key_pin_blocked', blockedPinMessage, details);
      return new KioskError('key_pin_invalid', context.retries === undefined ? message('key.pinWrongNoCount') : wrongPinMessage(context.retries), { ...details, retries: context.retries });
    case CtapStatus.CTAP2_ERR_PIN_BLOCKED:
      return new KioskError('key_pin_blocked', blockedPinMessage, details);
    case CtapStatus.CTAP2_ERR_PIN_AUTH_BLOCKED:
      return new KioskError('key_user_action', message('key.pinAuthBlocked'), details);
    case CtapStatus.CTAP2_ERR_PIN_NOT_SET:
      return new KioskError('key_pin_required', message('key.pinNotSet'), details);
    case CtapStatus.CTAP2_ERR_PIN_POLICY_VIOLATION:
      return new KioskError('key_pin_policy', message('key.pinRefusedByKey'), details);
    case CtapStatus.CTAP2_ERR_PUAT_REQUIRED:
      return new KioskError('key_pin_required', message('key.pinWanted'), details);
    case CtapStatus.CTAP2_ERR_OPERATION_DENIED:
      return new KioskError('key_user_action', message('key.notConfirmed'), details);
    case CtapStatus.CTAP2_ERR_USER_ACTION_TIMEOUT:
    case CtapStatus.CTAP2_ERR_ACTION_TIMEOUT:
      return touchTimeout(details);
    case CtapStatus.CTAP2_ERR_KEEPALIVE_CANCEL:
      return new KioskError('cancelled', message('key.cancelled'), details);
    case CtapStatus.CTAP2_ERR_CREDENTIAL_EXCLUDED:
      return new KioskError('key_already_registered', message('key.alreadyRegistered'), { ...details, reason: 'excluded' });
    case CtapStatus.CTAP2_ERR_KEY_STORE_FULL:
      return new KioskError('key_user_action', message('key.full'), details);
    case CtapStatus.CTAP2_ERR_NOT_ALLOWED:
      return new KioskError('key_user_action', message('key.replugFirst'), details);
    case CtapStatus.CTAP2_ERR_UNSUPPORTED_ALGORITHM:
      return new KioskError('key_protocol', message('key.algorithmUnsupported'), details);
    case CtapStatus.CTAP2_ERR_UV_BLOCKED:
      return new KioskError('key_pin_blocked', message('key.uvBlocked'), details);
    default:
      return new KioskError('key_protocol', message('key.refused', { problem: error.name }), details);
  }
}

function unexpectedAnswer(error: CtapError): KioskError {
  return new KioskError('key_protocol', message('key.unexpectedAnswer', { problem: error.name }), { ctap: error.name });
}
