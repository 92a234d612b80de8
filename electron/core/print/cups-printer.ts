import type { PrintJob, Printer, PrinterState } from '../ports/printer';
import { htmlToPdfWithChromium, type ChromiumPdfOptions } from './chromium-pdf';
import { assertReady, submitToCups } from './cups/lp-submit';
import { keepsJobFiles, queueStates } from './cups/queue-status';

/**
 * The Printer for plain Node (the web host, tests): headless Chromium makes the PDF in a
 * private temp folder that is gone before `lp` returns, and `lp` reads the PDF on stdin.
 */
export class CupsPrinter implements Printer {
  constructor(private readonly options: ChromiumPdfOptions = {}) {}

  async print(job: PrintJob): Promise<{ jobId: string }> {
    // Checked before rendering too, so a stopped queue is said in a second, not after Chromium.
    const [state] = await queueStates([job.printer]);
    if (state) assertReady(state);
    const pdf = await htmlToPdfWithChromium(job.html, this.options);
    return submitToCups({ printer: job.printer, pdf, page: job.page, title: job.title });
  }

  status(queues: readonly string[]): Promise<PrinterState[]> {
    return queueStates(queues);
  }

  keepsJobFiles(): Promise<boolean | null> {
    return keepsJobFiles();
  }
}
