import { KioskError } from '../../../../shared/contract/errors';
import { MAX_PIN_RETRIES } from '../ctap2/client-pin';
import { CtapStatus } from '../ctap2/ctap2-constants';
import { CtapError, MALFORMED_RESPONSE } from '../ctap2/ctap2-error';
import { CANCELLED, CtapHidError, DEVICE_GONE, TIMEOUT } from '../ctaphid/ctaphid-error';
import { HidAccessError } from '../hid/hid-access-error';

export const blockedPinMessage = `This key's PIN is blocked after ${MAX_PIN_RETRIES} wrong tries. Only a reset can unblock it, and a reset deletes every credential on the key.`;

export function wrongPinMessage(retries: number): string {
  if (retries <= 0) return blockedPinMessage;
  return `Wrong PIN. ${retries} ${retries === 1 ? 'try' : 'tries'} left before the key locks.`;
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
  return new KioskError('key_not_answering', 'The security key does not answer. Unplug it, plug it in again and retry.', details);
}

export function unsupported(details?: unknown): KioskError {
  return new KioskError('key_unsupported', 'This key does not support FIDO2 (it is a U2F-only key). Use a FIDO2 security key.', details);
}

function touchTimeout(details: unknown): KioskError {
  return new KioskError('key_touch_timeout', 'You did not touch the key in time. Try again and touch the key when it blinks.', details);
}

/** Maps transport and CTAP failures to errors a person (and the UI) can act on. */
export function toKioskError(error: unknown, context: ErrorContext = {}): KioskError {
  if (error instanceof KioskError) return error;
  if (error instanceof HidAccessError) return new KioskError('key_access_denied', error.message, { problem: error.problem });
  if (error instanceof CtapHidError) return fromCtapHid(error, context);
  if (error instanceof CtapError) return fromCtap(error, context);
  return new KioskError('key_protocol', 'The security key failed unexpectedly. Unplug it, plug it in again and retry.', {
    error: error instanceof Error ? error.message : String(error),
  });
}

function fromCtapHid(error: CtapHidError, context: ErrorContext): KioskError {
  const details = { ctaphid: error.name };
  switch (error.name) {
    case DEVICE_GONE:
      return new KioskError('key_not_found', 'The security key is no longer connected. Plug it in again.', details);
    case CANCELLED:
      return new KioskError('cancelled', 'Cancelled.', details);
    case TIMEOUT:
      return context.touchAsked ? touchTimeout(details) : notAnswering(details);
    default:
      return new KioskError('key_protocol', `The security key reported a transport problem (${error.name}). Unplug it, plug it in again and retry.`, details);
  }
}

function fromCtap(error: CtapError, context: ErrorContext): KioskError {
  const details = { ctap: error.name };
  if (error.name === MALFORMED_RESPONSE) {
    return new KioskError('key_protocol', 'The security key sent an answer the kiosk cannot read. Try another key.', { ...details, reason: error.message });
  }
  switch (error.status) {
    case CtapStatus.CTAP2_ERR_PIN_INVALID:
      if (!context.pinSent) return unexpectedAnswer(error);
      if (context.retries === 0) return new KioskError('key_pin_blocked', blockedPinMessage, details);
      return new KioskError('key_pin_invalid', context.retries === undefined ? 'Wrong PIN.' : wrongPinMessage(context.retries), { ...details, retries: context.retries });
    case CtapStatus.CTAP2_ERR_PIN_BLOCKED:
      return new KioskError('key_pin_blocked', blockedPinMessage, details);
    case CtapStatus.CTAP2_ERR_PIN_AUTH_BLOCKED:
      return new KioskError('key_user_action', 'Three wrong PINs in a row: unplug the key and plug it in again before the next try.', details);
    case CtapStatus.CTAP2_ERR_PIN_NOT_SET:
      return new KioskError('key_pin_required', 'This key has no PIN yet. Set a PIN first.', details);
    case CtapStatus.CTAP2_ERR_PIN_POLICY_VIOLATION:
      return new KioskError('key_pin_policy', "The key refused this PIN under its own rules (length or complexity). Choose a longer PIN.", details);
    case CtapStatus.CTAP2_ERR_PUAT_REQUIRED:
      return new KioskError('key_pin_required', 'The key wants its PIN for this step.', details);
    case CtapStatus.CTAP2_ERR_OPERATION_DENIED:
      return new KioskError('key_user_action', 'The key was not confirmed. Touch the key when it blinks, then try again.', details);
    case CtapStatus.CTAP2_ERR_USER_ACTION_TIMEOUT:
    case CtapStatus.CTAP2_ERR_ACTION_TIMEOUT:
      return touchTimeout(details);
    case CtapStatus.CTAP2_ERR_KEEPALIVE_CANCEL:
      return new KioskError('cancelled', 'Cancelled.', details);
    case CtapStatus.CTAP2_ERR_CREDENTIAL_EXCLUDED:
      return new KioskError('key_already_registered', 'This key is already registered for this account. Use another key.', { ...details, reason: 'excluded' });
    case CtapStatus.CTAP2_ERR_KEY_STORE_FULL:
      return new KioskError('key_user_action', 'This key has no room for another passkey. Use another key.', details);
    case CtapStatus.CTAP2_ERR_NOT_ALLOWED:
      return new KioskError('key_user_action', 'The key only allows this right after it is plugged in. Unplug it, plug it in again and retry within 10 seconds.', details);
    case CtapStatus.CTAP2_ERR_UNSUPPORTED_ALGORITHM:
      return new KioskError('key_protocol', "This key does not support the sign-in algorithm the identity provider asks for. Use another key.", details);
    case CtapStatus.CTAP2_ERR_UV_BLOCKED:
      return new KioskError('key_pin_blocked', "The key's built-in verification is blocked. Use its PIN instead.", details);
    default:
      return new KioskError('key_protocol', `The security key refused the request (${error.name}).`, details);
  }
}

function unexpectedAnswer(error: CtapError): KioskError {
  return new KioskError('key_protocol', `The security key answered unexpectedly (${error.name}). Unplug it, plug it in again and retry.`, { ctap: error.name });
}
