import type { PrinterState } from '../../ports/printer';
import { parseAccepting, parseKeepsJobFiles, parsePrinterStatus, parseSchedulerRunning } from './lpstat-parse';
import { runCommand } from './run-command';

/** lpstat answers from the local scheduler in milliseconds; longer means CUPS is stuck. */
export const lpstatTimeoutMs = 10_000;

/**
 * Each queue's state from CUPS. `lpstat -r` comes first because with the scheduler down
 * `lpstat -p` says "Invalid destination", exactly as for a queue that does not exist.
 */
export async function queueStates(queues: readonly string[]): Promise<PrinterState[]> {
  const scheduler = await schedulerState();
  if (scheduler !== null) return queues.map((printer) => ({ printer, state: 'spoolerDown', reason: scheduler, alerts: [] }));
  return Promise.all(queues.map(queueState));
}

/** null while the scheduler runs, else why it does not. */
async function schedulerState(): Promise<string | null> {
  try {
    const result = await runCommand('lpstat', ['-r'], { timeoutMs: lpstatTimeoutMs });
    if (result.timedOut) return `CUPS did not answer within ${lpstatTimeoutMs / 1000} s`;
    return parseSchedulerRunning(result.stdout) ? null : 'the CUPS scheduler is not running';
  } catch {
    return 'lpstat is not installed (Debian/Ubuntu: apt install cups-client)';
  }
}

async function queueState(printer: string): Promise<PrinterState> {
  const [long, accepting] = await Promise.all([
    runCommand('lpstat', ['-l', '-p', printer], { timeoutMs: lpstatTimeoutMs }),
    runCommand('lpstat', ['-a', printer], { timeoutMs: lpstatTimeoutMs }),
  ]);
  if (long.timedOut || accepting.timedOut) return { printer, state: 'spoolerDown', reason: `CUPS did not answer within ${lpstatTimeoutMs / 1000} s`, alerts: [] };
  const status = long.code === 0 ? parsePrinterStatus(long.stdout) : null;
  const intake = accepting.code === 0 ? parseAccepting(accepting.stdout) : null;
  if (!status || !intake) return { printer, state: 'unknownPrinter', reason: null, alerts: [] };
  if (status.state === 'stopped') return { printer, state: 'stopped', reason: status.message, alerts: status.alerts };
  if (!intake.accepting) return { printer, state: 'rejecting', reason: intake.reason, alerts: status.alerts };
  return { printer, state: status.state, reason: status.message, alerts: status.alerts };
}

/** See Printer.keepsJobFiles; `cupsctl` reads the scheduler's settings without root. */
export async function keepsJobFiles(): Promise<boolean | null> {
  try {
    const result = await runCommand('cupsctl', [], { timeoutMs: lpstatTimeoutMs });
    return result.code === 0 && !result.timedOut ? parseKeepsJobFiles(result.stdout) : null;
  } catch {
    return null;
  }
}
