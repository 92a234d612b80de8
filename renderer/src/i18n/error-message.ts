import type { ErrorCode, KioskError, Message } from '../../../shared/contract/errors';
import type { MessageKey } from './en';

/** Codes with a translated message that already says what the person can do next. */
const translatedCodes = {
  invalid_input: 'error.invalid_input',
  unknown_call: 'error.unknown_call',
  not_found: 'error.not_found',
  conflict: 'error.conflict',
  forbidden: 'error.forbidden',
  unavailable: 'error.unavailable',
  timeout: 'error.timeout',
  cancelled: 'error.cancelled',
  internal: 'error.internal',
  roster_invalid: 'error.roster_invalid',
  session_closed: 'error.session_closed',
  identity_unconfirmed: 'error.identity_unconfirmed',
  locked: 'error.locked',
} as const satisfies Partial<Record<ErrorCode, MessageKey>>;

export interface ErrorPresentation {
  /** The translated headline for the code, or null when only the kiosk's own message exists. */
  key: MessageKey | null;
  /** The kiosk's own message, shown as detail (it names the specific field, file or badge). */
  detail: string;
}

/**
 * The kiosk's specific message in the person's language: translated from its code where the
 * core sent one; otherwise its English text (operator and developer messages only).
 */
export function errorDetail(error: KioskError, say: (message: Message) => string): string {
  return error.says ? say(error.says) : error.message;
}

export function presentError(error: KioskError, say: (message: Message) => string): ErrorPresentation {
  const key = (translatedCodes as Partial<Record<ErrorCode, MessageKey>>)[error.code] ?? null;
  return { key, detail: errorDetail(error, say) };
}
