/**
 * The PdfRenderer port: the one thing that differs between the hosts when the kiosk prints.
 * A document goes in as HTML at an explicit page size and comes back as PDF bytes; the core's
 * CUPS printer (core/print/cups-printer.ts) checks the queue and hands the PDF to `lp`.
 *
 * Each host keeps its renderer warm, so a print reaches CUPS within half a second:
 * core/print/chromium/chromium-pdf-renderer.ts (plain Node, the web host and tests: one
 * headless Chromium kept open), electron/main/print/electron-pdf-renderer.ts (the Electron
 * shell: printToPDF in a hidden window kept open).
 */
export interface PdfRenderer {
  /**
   * The PDF of a complete HTML document whose CSS `@page` size matches `page`. Nothing of the
   * document is kept once it resolves. Fails with print_failed (reason renderFailed).
   */
  render(html: string, page: PageSize): Promise<Uint8Array>;
  /** Gets ready now (starts the browser, opens the window), so the first print is fast too. */
  warmUp(): Promise<void>;
  /** Lets the browser or window go; a later render starts it again. */
  close(): Promise<void>;
}

/** An explicit page: label printers ignore defaults, so every document says its size. */
export interface PageSize {
  widthMm: number;
  heightMm: number;
  /** The CUPS `media` option for this size, e.g. `A4` or `Custom.62x100mm`. */
  media: string;
}
