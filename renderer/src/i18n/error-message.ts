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
  roster_invalid: 'error.roster_invalid',
  session_closed: 'error.session_closed',
  identity_unconfirmed: 'error.identity_unconfirmed',
} as const satisfies Partial<Record<ErrorCode, MessageKey>>;

export interface ErrorPresentation {
  /** The translated headline for the error's kind, or null where the kiosk's message stands alone. */
  key: MessageKey | null;
  /** What the kiosk said, in the person's language (it names the specific field, file or badge). */
  detail: string;
}

export function presentError(error: KioskError, say: (message: Message) => string): ErrorPresentation {
  const key = (translatedCodes as Partial<Record<ErrorCode, MessageKey>>)[error.code] ?? null;
  return { key, detail: say(error.says) };
}
