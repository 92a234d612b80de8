import { KioskError } from '../../../shared/contract/errors';
import type { Message } from '../../../shared/contract/messages';

/** details.reason of a print_failed error, so a screen can say what to do. */
export type PrintFailureReason = 'unknownPrinter' | 'queueStopped' | 'queueRejecting' | 'noPaper' | 'spoolerDown' | 'renderFailed' | 'submitFailed';

/**
 * The one error printing throws: what went wrong as a message code (its English is the log's
 * text, the screen says it in the reader's language), and the reason for screens.
 */
export function printFailed(reason: PrintFailureReason, says: Message, queue?: string): KioskError {
  return new KioskError('print_failed', says, queue === undefined ? { reason } : { reason, queue });
}
