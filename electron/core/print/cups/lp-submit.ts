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
    throw printFailed('spoolerDown', message('print.lpMissing'), job.printer, 'The print command (lp) is not installed on this computer. Ask IT to install CUPS (Debian/Ubuntu: apt install cups-client).');
  }
  if (result.timedOut) throw printFailed('spoolerDown', message('print.cupsTimeout', { seconds: lpTimeoutMs / 1000 }), job.printer);
  const jobId = result.code === 0 ? parseRequestId(result.stdout) : null;
  if (jobId === null) {
    // lp's complaint names the queue and the problem, never the document.
    const said = result.stderr.trim().split('\n')[0] ?? '';
    throw printFailed('submitFailed', message('print.queueRefused', { queue: job.printer }), job.printer, `The printer queue "${job.printer}" did not take the document${said ? ` (${said})` : ''}. Check the printer on the Kiosk status screen, then print again.`);
  }
  return { jobId };
}

/** Turns a queue that cannot print now (a job sent there would wait unseen) into the error a person can act on. */
export function assertReady(state: PrinterState): void {
  const queue = state.printer;
  const because = state.reason ? ` (${state.reason})` : '';
  switch (state.state) {
    case 'spoolerDown':
      throw printFailed('spoolerDown', message('print.cupsDown'), queue, `The print service (CUPS) is not running on this computer${because}. Ask IT to start it (systemctl start cups), then print again.`);
    case 'unknownPrinter':
      throw printFailed('unknownPrinter', message('print.unknownQueue', { queue }), queue);
    case 'stopped':
      if (isOutOfPaper(state.alerts)) throw printFailed('noPaper', message('print.noPaperStopped', { queue }), queue, `The printer "${queue}" is out of paper. Load paper, ask IT to resume the queue (cupsenable ${queue}), then print again.`);
      throw printFailed('queueStopped', message('print.queueStopped', { queue }), queue, `The printer queue "${queue}" is stopped${because}. Ask IT to fix the printer and resume the queue (cupsenable ${queue}), then print again.`);
    case 'rejecting':
      throw printFailed('queueRejecting', message('print.queueRejecting', { queue }), queue, `The printer queue "${queue}" is not accepting documents${because}. Ask IT to let it accept them again (cupsaccept ${queue}), then print again.`);
    case 'idle':
    case 'printing':
      if (isOutOfPaper(state.alerts)) throw printFailed('noPaper', message('print.noPaper', { queue }), queue);
  }
}
