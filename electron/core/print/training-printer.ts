import { randomUUID } from 'node:crypto';
import type { PageSize } from '../ports/pdf-renderer';
import { pageAsImageUrl } from './on-screen-page';

export type OnScreenDocument = 'sheet' | 'label';

export interface OnScreenPage {
  document: OnScreenDocument;
  /** The page as an SVG image (data: URL). */
  image: string;
  widthMm: number;
  heightMm: number;
  printedAt: string;
}

/** The queue name the receipts and the audit log give for the training printer. */
export const TRAINING_PRINTER_QUEUE = 'training printer (on screen)';

/** A page stays this long unless its step discards it sooner (the sheet, once confirmed). */
const KEEP_MS = 30 * 60_000;
/** A practice session prints a few pages per attendee; older ones go first. */
const KEEP_AT_MOST = 20;

/**
 * Training only: a printer inside the kiosk for a machine with no print queue, so a facilitator
 * can practise the whole journey on a laptop. A "printed" page is kept in memory, never on disk,
 * and is shown on screen by its handle (an unguessable UUID) until its step lets it go.
 */
export class TrainingPrinter {
  private readonly pages = new Map<string, { page: OnScreenPage; at: number }>();
  private printed = 0;

  constructor(private readonly now: () => Date) {}

  /**
   * Keeps the page; returns the job id for receipts and the audit log ("training-3") and the
   * handle the screen shows it by, which is never logged: the sheet's page shows its codes.
   */
  print(document: OnScreenDocument, html: string, page: PageSize): { jobId: string; handle: string } {
    this.forgetOld();
    while (this.pages.size >= KEEP_AT_MOST) this.pages.delete(this.pages.keys().next().value as string);
    const handle = randomUUID();
    const at = this.now();
    this.pages.set(handle, { page: { document, image: pageAsImageUrl(html, page), widthMm: page.widthMm, heightMm: page.heightMm, printedAt: at.toISOString() }, at: at.getTime() });
    this.printed += 1;
    return { jobId: `training-${this.printed}`, handle };
  }

  page(handle: string): OnScreenPage | null {
    this.forgetOld();
    return this.pages.get(handle)?.page ?? null;
  }

  /** The page is no longer needed (a sheet with codes, once the attendee has it). */
  discard(handle: string | null | undefined): void {
    if (handle) this.pages.delete(handle);
  }

  private forgetOld(): void {
    const cutoff = this.now().getTime() - KEEP_MS;
    for (const [jobId, kept] of this.pages) if (kept.at < cutoff) this.pages.delete(jobId);
  }
}
