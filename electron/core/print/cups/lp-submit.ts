import { message } from '../../../../shared/contract/messages';
import type { PageSize } from '../../ports/pdf-renderer';
import { printFailed } from '../print-failed';
import { isOutOfPaper, parseRequestId } from './lpstat-parse';
import type { PrinterState } from './queue-status';
import { runCommand } from './run-command';

/** lp only hands the document to the local scheduler; a minute means CUPS is stuck. */
const lpTimeoutMs = 60_000;

/**
 * Pipes a PDF into `lp` on stdin, so the kiosk writes no file for it; the caller has checked the
 * queue with assertReady just before. CUPS itself spools the job under /var/spool/cups until it
 * is printed (and longer while PreserveJobFiles keeps it; see keepsJobFiles in queue-status.ts).
 */
export async function submitToCups(job: { printer: string; pdf: Uint8Array; page: PageSize; title: string }): Promise<{ jobId: string }> {
  const args = ['-d', job.printer, '-t', job.title, '-o', `media=${job.page.media}`];
  let result;
  try {
    result = await runCommand('lp', args, { stdin: job.pdf, timeoutMs: lpTimeoutMs });
  } catch {
    throw printFailed('spoolerDown', message('print.lpMissing'), job.printer);
  }
  if (result.timedOut) throw printFailed('spoolerDown', message('print.cupsTimeout', { seconds: lpTimeoutMs / 1000 }), job.printer);
  const jobId = result.code === 0 ? parseRequestId(result.stdout) : null;
  if (jobId === null) {
    // lp's complaint names the queue and the problem, never the document.
    const said = result.stderr.trim().split('\n')[0] ?? '';
    const says = said ? message('print.queueRefusedSaying', { queue: job.printer, said }) : message('print.queueRefused', { queue: job.printer });
    throw printFailed('submitFailed', says, job.printer);
  }
  return { jobId };
}

/** Turns a queue that cannot print now into the error a person can act on, with what CUPS said about it for IT. */
export function assertReady(state: PrinterState): void {
  const queue = state.printer;
  const said = state.reason;
  switch (state.state) {
    case 'spoolerDown':
      throw printFailed('spoolerDown', message('print.cupsDown'), queue);
    case 'unknownPrinter':
      throw printFailed('unknownPrinter', message('print.unknownQueue', { queue }), queue);
    case 'stopped':
      if (isOutOfPaper(state.alerts)) throw printFailed('noPaper', message('print.noPaperStopped', { queue }), queue);
      throw printFailed('queueStopped', said ? message('print.queueStoppedSaying', { queue, said }) : message('print.queueStopped', { queue }), queue);
    case 'rejecting':
      throw printFailed('queueRejecting', said ? message('print.queueRejectingSaying', { queue, said }) : message('print.queueRejecting', { queue }), queue);
    case 'idle':
    case 'printing':
      if (isOutOfPaper(state.alerts)) throw printFailed('noPaper', message('print.noPaper', { queue }), queue);
  }
}
