import { BrowserWindow } from 'electron';
import { message } from '../../../shared/contract/messages';
import type { PageSize, PdfRenderer } from '../../core/ports/pdf-renderer';
import { printFailed } from '../../core/print/print-failed';

/** Loading a few kilobytes of HTML and printing one page takes well under a second. */
const renderTimeoutMs = 30_000;
const mmPerInch = 25.4;
const blankDocument = '<!doctype html><title></title>';
const primingPage: PageSize = { widthMm: 100, heightMm: 100, media: 'Custom.100x100mm' };

/**
 * The Electron shell's PdfRenderer: one hidden window kept open, so a print does not wait for
 * a window to start. The page is a data: URL in an in-memory session, the PDF a buffer: no file
 * at all is written by the kiosk on this path. After each document the window goes back to
 * about:blank; a window that failed, hung or crashed is destroyed and the next print opens a
 * new one. Prints run one after the other.
 */
export class ElectronPdfRenderer implements PdfRenderer {
  private window: BrowserWindow | null = null;
  private turn: Promise<unknown> = Promise.resolve();

  render(html: string, page: PageSize): Promise<Uint8Array> {
    const rendered = this.turn.then(() => this.renderNow(html, page));
    this.turn = rendered.catch(() => undefined);
    return rendered;
  }

  /** Opens the window and prints a blank page once: a window's first PDF takes a few times longer than the next. */
  async warmUp(): Promise<void> {
    await this.render(blankDocument, primingPage);
  }

  async close(): Promise<void> {
    this.discard();
  }

  private async renderNow(html: string, page: PageSize): Promise<Uint8Array> {
    const window = this.openWindow();
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
      // The document leaves the window before the next one comes.
      await Promise.race([window.loadURL('about:blank'), timeout]);
      return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    } catch (error) {
      this.discard();
      if (error instanceof Error && error.message === 'timeout') throw printFailed('renderFailed', message('print.renderTimeout', { seconds: renderTimeoutMs / 1000 }));
      throw printFailed('renderFailed', message('print.renderFailed'));
    } finally {
      clearTimeout(timer);
    }
  }

  private openWindow(): BrowserWindow {
    if (this.window && !this.window.isDestroyed()) return this.window;
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
        // A hidden window is throttled like a background tab; this one must answer at once.
        backgroundThrottling: false,
      },
    });
    // A crashed page is not reused: the next print opens a new window.
    window.webContents.once('render-process-gone', () => {
      if (this.window === window) this.discard();
    });
    this.window = window;
    return window;
  }

  private discard(): void {
    const window = this.window;
    this.window = null;
    if (window && !window.isDestroyed()) window.destroy();
  }
}
