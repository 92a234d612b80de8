import { BrowserWindow } from 'electron';
import { message } from '../../../shared/contract/messages';
import { printFailed, type PageSize, type PrintJob, type Printer, type PrinterState } from '../../core/ports/printer';
import { assertReady, submitToCups } from '../../core/print/cups/lp-submit';
import { keepsJobFiles, queueStates } from '../../core/print/cups/queue-status';

/** Loading a few kilobytes of HTML and printing one page takes well under a second. */
const renderTimeoutMs = 30_000;
const mmPerInch = 25.4;

/**
 * The Printer for the Electron shell: a hidden window turns the HTML into PDF in memory, and
 * the same lp code as the web host pipes it to the CUPS queue. No file at all is written by
 * the kiosk on this path: the page is a data: URL in an in-memory session, the PDF a buffer.
 */
export class ElectronPrinter implements Printer {
  async print(job: PrintJob): Promise<{ jobId: string }> {
    const [state] = await queueStates([job.printer]);
    if (state) assertReady(state);
    const pdf = await renderPdf(job.html, job.page);
    return submitToCups({ printer: job.printer, pdf, page: job.page, title: job.title });
  }

  status(queues: readonly string[]): Promise<PrinterState[]> {
    return queueStates(queues);
  }

  keepsJobFiles(): Promise<boolean | null> {
    return keepsJobFiles();
  }
}

async function renderPdf(html: string, page: PageSize): Promise<Uint8Array> {
  const window = new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      // The documents are plain HTML and CSS; nothing in them should ever run.
      javascript: false,
      offscreen: true,
      // No "persist:" prefix: an in-memory session, so no cache or storage file for the page.
      partition: 'kiosk-print',
      devTools: false,
      spellcheck: false,
      // Never shown and never clicked; said anyway so every window reads the same to a scanner.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), renderTimeoutMs);
  });
  try {
    const render = async () => {
      await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
      // The CSS @page rule has the size and margins; the explicit size is the fallback for a page without one.
      return window.webContents.printToPDF({
        pageSize: { width: page.widthMm / mmPerInch, height: page.heightMm / mmPerInch },
        margins: { top: 0, bottom: 0, left: 0, right: 0 },
        preferCSSPageSize: true,
        printBackground: true,
      });
    };
    const pdf = await Promise.race([render(), timeout]);
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } catch (error) {
    const timedOut = error instanceof Error && error.message === 'timeout';
    throw printFailed('renderFailed', timedOut ? message('print.documentTimeout', { seconds: renderTimeoutMs / 1000 }) : message('print.documentFailed'));
  } finally {
    clearTimeout(timer);
    window.destroy();
  }
}
