import { z } from 'zod';
import { message } from '../../../../shared/contract/messages';
import type { PageSize, PdfRenderer } from '../../ports/pdf-renderer';
import { printFailed } from '../print-failed';
import { ChromiumMissing, ChromiumTimeout, launchChromium, withTimeout, type ChromiumBrowser } from './chromium-launch';
import { privateTempRoot } from './print-folders';

export interface ChromiumPdfOptions {
  /** Default: KIOSK_CHROMIUM, else Debian's /usr/bin/chromium. */
  chromium?: string;
  /** Where Chromium's private folder is made; default: see privateTempRoot. */
  tempRoot?: string;
  /** Default 60 s: a cold start on a busy two-core kiosk takes several seconds. */
  timeoutMs?: number;
}

/** The one page the documents are rendered in, inside its browser. */
interface WarmPage {
  browser: ChromiumBrowser;
  sessionId: string;
  frameId: string;
  startedAt: number;
}

const mmPerInch = 25.4;
/** A Chromium that dies sooner than this after its start is not started again until the next print. */
const restartOnlyAfterMs = 30_000;
const restartDelayMs = 1_000;
const blankDocument = '<!doctype html><title></title>';
const primingPage: PageSize = { widthMm: 100, heightMm: 100, media: 'Custom.100x100mm' };

/**
 * HTML → PDF for the hosts without Electron (the web host, tests): ONE headless Chromium kept
 * open, talked to over its DevTools pipe, with one page in an in-memory ("incognito") browser
 * context. A document is set into that page through the protocol (never a file, never a URL),
 * printed with Page.printToPDF, and the page is blanked again before the next one.
 *
 * Started by warmUp() or by the first print; started again after it dies (a crash, a kill).
 * Prints run one after the other. What touches disk: Chromium's private folder (print-folders.ts),
 * its profile only, removed when Chromium exits.
 */
export class ChromiumPdfRenderer implements PdfRenderer {
  private readonly chromium: string;
  private readonly tempRoot: string;
  private readonly timeoutMs: number;
  /** The page being started or ready; null when there is no Chromium. */
  private warm: Promise<WarmPage> | null = null;
  private ready: WarmPage | null = null;
  private turn: Promise<unknown> = Promise.resolve();
  private closed = false;
  private restartTimer: NodeJS.Timeout | null = null;

  constructor(options: ChromiumPdfOptions = {}) {
    this.chromium = options.chromium ?? process.env.KIOSK_CHROMIUM ?? '/usr/bin/chromium';
    this.tempRoot = options.tempRoot ?? privateTempRoot();
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  render(html: string, page: PageSize): Promise<Uint8Array> {
    const rendered = this.turn.then(() => this.renderNow(html, page));
    this.turn = rendered.catch(() => undefined);
    return rendered;
  }

  /** Starts Chromium and prints a blank page once: a page's first PDF takes a few times longer than the next. */
  async warmUp(): Promise<void> {
    this.closed = false;
    await this.render(blankDocument, primingPage);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const warm = this.warm;
    this.warm = null;
    this.ready = null;
    await (await warm?.catch(() => null))?.browser.close();
  }

  private async renderNow(html: string, size: PageSize): Promise<Uint8Array> {
    this.closed = false;
    const deadline = Date.now() + this.timeoutMs;
    const left = () => Math.max(0, deadline - Date.now());
    let page: WarmPage | null = null;
    try {
      page = await withTimeout(this.page(), left());
      const pdf = await withTimeout(printPage(page, html, size), left());
      // The document leaves the page before the next one comes; a page that cannot be blanked goes with its browser.
      const blanked = page;
      await withTimeout(setDocument(blanked, blankDocument), left()).catch(() => blanked.browser.kill());
      return pdf;
    } catch (error) {
      // A page that failed or hung is not trusted with the next document: that Chromium goes.
      page?.browser.kill();
      throw this.failure(error);
    }
  }

  /** The warm page, starting Chromium when there is none. */
  private page(): Promise<WarmPage> {
    if (!this.warm) {
      const starting = this.start();
      this.warm = starting;
      starting.catch(() => {
        if (this.warm === starting) this.warm = null;
      });
    }
    return this.warm;
  }

  private async start(): Promise<WarmPage> {
    const browser = await launchChromium(this.chromium, this.tempRoot, this.timeoutMs);
    let page: WarmPage;
    try {
      page = await withTimeout(openPage(browser), this.timeoutMs);
    } catch (error) {
      browser.kill();
      await browser.exited;
      throw error;
    }
    this.ready = page;
    void browser.exited.then(() => this.exited(page));
    return page;
  }

  /** Chromium went away. Unless the kiosk closed it, or it keeps dying, a new one is started to stay warm. */
  private exited(page: WarmPage): void {
    if (this.ready !== page) return;
    this.ready = null;
    this.warm = null;
    if (this.closed || Date.now() - page.startedAt < restartOnlyAfterMs) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.closed) this.page().catch(() => undefined);
    }, restartDelayMs);
    this.restartTimer.unref();
  }

  /** The print_failed a person reads; its English, with Chromium's path and what went wrong, is IT's log line. */
  private failure(error: unknown): Error {
    const path = this.chromium;
    if (error instanceof ChromiumMissing) return printFailed('renderFailed', message('print.chromiumMissing', { path }));
    if (error instanceof ChromiumTimeout) return printFailed('renderFailed', message('print.chromiumTimeout', { path, seconds: this.timeoutMs / 1000 }));
    const why = error instanceof Error ? error.message : String(error);
    return printFailed('renderFailed', message('print.chromiumFailed', { path, problem: why }));
  }
}

/** One page in a browser context of its own, kept in memory only; no script ever runs in it. */
async function openPage(browser: ChromiumBrowser): Promise<WarmPage> {
  const { cdp } = browser;
  const { browserContextId } = await cdp.send('Target.createBrowserContext', {}, z.object({ browserContextId: z.string() }));
  const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank', browserContextId }, z.object({ targetId: z.string() }));
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true }, z.object({ sessionId: z.string() }));
  await cdp.send('Page.enable', {}, z.unknown(), sessionId);
  // Says when the page crashes (Inspector.targetCrashed), see CdpPipe.
  await cdp.send('Inspector.enable', {}, z.unknown(), sessionId);
  await cdp.send('Emulation.setScriptExecutionDisabled', { value: true }, z.unknown(), sessionId);
  const { frameTree } = await cdp.send('Page.getFrameTree', {}, z.object({ frameTree: z.object({ frame: z.object({ id: z.string() }) }) }), sessionId);
  return { browser, sessionId, frameId: frameTree.frame.id, startedAt: Date.now() };
}

/** Replaces the page's document and waits for its load event (its images are decoded then). */
async function setDocument(page: WarmPage, html: string): Promise<void> {
  const { cdp } = page.browser;
  const loaded = cdp.nextEvent('Page.loadEventFired', page.sessionId);
  // When the command itself fails, nobody waits for the event: its failure is the command's.
  loaded.done.catch(() => undefined);
  try {
    await cdp.send('Page.setDocumentContent', { frameId: page.frameId, html }, z.unknown(), page.sessionId);
    await loaded.done;
  } finally {
    loaded.cancel();
  }
}

async function printPage(page: WarmPage, html: string, size: PageSize): Promise<Uint8Array> {
  await setDocument(page, html);
  // The CSS @page rule has the size and margins; the explicit size is the fallback for a page without one.
  const { data } = await page.browser.cdp.send(
    'Page.printToPDF',
    { paperWidth: size.widthMm / mmPerInch, paperHeight: size.heightMm / mmPerInch, marginTop: 0, marginBottom: 0, marginLeft: 0, marginRight: 0, preferCSSPageSize: true, printBackground: true },
    z.object({ data: z.string() }),
    page.sessionId,
  );
  const pdf = Buffer.from(data, 'base64');
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('Page.printToPDF gave no PDF');
  return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
