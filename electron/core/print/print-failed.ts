import { KioskError } from '../../../shared/contract/errors';
import type { Message } from '../../../shared/contract/messages';

/** details.reason of a print_failed error, so a screen can say what to do. */
export type PrintFailureReason = 'unknownPrinter' | 'queueStopped' | 'queueRejecting' | 'noPaper' | 'spoolerDown' | 'renderFailed' | 'submitFailed';

/**
 * The one error printing throws: what the person reads (translated on screen), the reason for
 * screens, and optionally a fuller English for IT's log (commands, what CUPS said).
 */
export function printFailed(reason: PrintFailureReason, says: Message | string, queue?: string, logText?: string): KioskError {
  const details = queue === undefined ? { reason } : { reason, queue };
  return typeof says === 'string' || logText === undefined ? new KioskError('print_failed', says, details) : new KioskError('print_failed', logText, details, says);
}
