import type { PageSize, PdfRenderer } from '../ports/pdf-renderer';
import { assertReady, submitToCups } from './cups/lp-submit';
import { keepsJobFiles, queueState, queueStates, type PrinterState } from './cups/queue-status';

export interface PrintJob {
  /** The CUPS queue name. */
  printer: string;
  /** A complete HTML document whose CSS `@page` size matches `page`. */
  html: string;
  page: PageSize;
  /** The job's title in the queue; never personal data or codes (CUPS keeps job history). */
  title: string;
}

/**
 * The kiosk's one CUPS printer, the same under both hosts: per print ONE `lpstat` (does the
 * queue exist, run, take jobs, have paper?) and ONE `lp`, with the host's renderer making the
 * PDF in between. The status screen and the job-files check ask CUPS here too.
 */
export class CupsPrinter {
  constructor(private readonly renderer: PdfRenderer) {}

  /** The queue's state, as print() needs it; asked first so a caller can decide (the training printer). */
  queueState(queue: string): Promise<PrinterState> {
    return queueState(queue);
  }

  /**
   * Renders the document and hands it to `lp`, once CUPS has accepted the job; `state` is the
   * queue's state just read by queueState. A queue that cannot print now is refused before
   * anything is rendered (a job sent to a stopped queue would wait there unseen).
   */
  async print(job: PrintJob, state: PrinterState): Promise<{ jobId: string }> {
    assertReady(state);
    const pdf = await this.renderer.render(job.html, job.page);
    return submitToCups({ printer: job.printer, pdf, page: job.page, title: job.title });
  }

  /** Each queue's state as CUPS reports it, in the order asked. Never throws for a bad queue. */
  status(queues: readonly string[]): Promise<PrinterState[]> {
    return queueStates(queues);
  }

  /**
   * Whether CUPS keeps a copy of each printed document after printing (cupsd.conf
   * PreserveJobFiles, one day by default); null when that cannot be read.
   */
  keepsJobFiles(): Promise<boolean | null> {
    return keepsJobFiles();
  }
}
