import type { PrinterCondition } from '../../../../shared/contract/printers-calls';
import { parseKeepsJobFiles, parseQueueAnswer } from './lpstat-parse';
import { runCommand } from './run-command';

/** lpstat answers from the local scheduler in milliseconds; longer means CUPS is stuck. */
export const lpstatTimeoutMs = 10_000;

export interface PrinterState {
  printer: string;
  /** stopped: disabled in CUPS (cupsenable); rejecting: not accepting jobs (cupsaccept). */
  state: PrinterCondition;
  /** What CUPS says about it, e.g. "Paused" or "media-empty"; null when it says nothing. */
  reason: string | null;
  /** CUPS printer-state-reasons such as `media-empty-error` or `paused`; empty when none. */
  alerts: string[];
}

/**
 * A queue's state from ONE lpstat: `-r` first, because with the scheduler down `-p` says
 * "Invalid destination" exactly as for a queue that does not exist; then the long listing
 * (enabled, the printer's message, its alerts) and whether it accepts jobs. Never throws.
 */
export async function queueState(printer: string): Promise<PrinterState> {
  const down = (reason: string): PrinterState => ({ printer, state: 'spoolerDown', reason, alerts: [] });
  let result;
  try {
    result = await runCommand('lpstat', ['-r', '-l', '-p', printer, '-a', printer], { timeoutMs: lpstatTimeoutMs });
  } catch {
    return down('lpstat is not installed (Debian/Ubuntu: apt install cups-client)');
  }
  if (result.timedOut) return down(`CUPS did not answer within ${lpstatTimeoutMs / 1000} s`);
  const answer = parseQueueAnswer(result.stdout);
  if (!answer.schedulerRunning) return down('the CUPS scheduler is not running');
  const { printer: status, intake } = answer;
  if (result.code !== 0 || !status || !intake) return { printer, state: 'unknownPrinter', reason: null, alerts: [] };
  if (status.state === 'stopped') return { printer, state: 'stopped', reason: status.message, alerts: status.alerts };
  if (!intake.accepting) return { printer, state: 'rejecting', reason: intake.reason, alerts: status.alerts };
  return { printer, state: status.state, reason: status.message, alerts: status.alerts };
}

/**
 * Each queue's state, in the order asked: one lpstat per queue, side by side (lpstat gives up
 * on a whole list when one queue in it is unknown). A queue named twice is asked once.
 */
export async function queueStates(queues: readonly string[]): Promise<PrinterState[]> {
  const asked = new Map<string, Promise<PrinterState>>();
  for (const queue of queues) if (!asked.has(queue)) asked.set(queue, queueState(queue));
  return Promise.all(queues.map((queue) => asked.get(queue)!));
}

/** Whether CUPS keeps printed documents (cupsd.conf PreserveJobFiles); `cupsctl` reads it without root. */
export async function keepsJobFiles(): Promise<boolean | null> {
  try {
    const result = await runCommand('cupsctl', [], { timeoutMs: lpstatTimeoutMs });
    return result.code === 0 && !result.timedOut ? parseKeepsJobFiles(result.stdout) : null;
  } catch {
    return null;
  }
}
