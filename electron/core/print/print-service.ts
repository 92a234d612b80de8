import type { KioskMode } from '../../../shared/domain/mode';
import type { PdfRenderer } from '../ports/pdf-renderer';
import { CupsPrinter, type PrintJob } from './cups-printer';
import type { PrinterState } from './cups/queue-status';
import { envelopeLabelInputSchema, renderEnvelopeLabel, type EnvelopeLabelInput } from './envelope-label';
import { labelSizes, paperSizes } from './page-sizes';
import type { PrintersConfig } from './printers-config-schema';
import { recoverySheetInputSchema, renderRecoverySheet, type RecoverySheetInput } from './recovery-sheet';
import { TRAINING_PRINTER_QUEUE, type OnScreenDocument, type TrainingPrinter } from './training-printer';

export type { EnvelopeLabelInput } from './envelope-label';
export type { RecoverySheetInput } from './recovery-sheet';

export type PrinterRole = 'sheet' | 'label';

/** Which queue took the document, and CUPS's id for the job there. */
export interface PrintReceipt {
  queue: string;
  jobId: string;
  /** The training printer took it: the page is on screen under this handle (never logged). */
  onScreen: string | null;
}

export interface ConfiguredPrinterState extends PrinterState {
  role: PrinterRole;
  /** The paper or label size the kiosk prints on it, e.g. "A4" or "62x100mm". */
  media: string;
  /** Training, and the queue is missing: its documents go to the on-screen training printer. */
  onScreen: boolean;
}

export interface PrintServiceDeps {
  /** The host's port: HTML → PDF, kept warm. PrintService closes it in close(). */
  renderer: PdfRenderer;
  config: PrintersConfig;
  /** Training prints a TRAINING mark on every document. */
  mode: KioskMode;
  /** Training only: where a document goes when its queue is missing (no CUPS queue on this machine). */
  trainingPrinter?: TrainingPrinter;
}

/** A queue that is not there at all (no such queue, or no CUPS): training prints on screen instead. */
const missingQueue = new Set(['unknownPrinter', 'spoolerDown']);

// Job titles show in CUPS's job list and history, so they name the document, never the person.
const sheetTitle = 'Enrollment Kiosk - recovery sheet';
const labelTitle = 'Enrollment Kiosk - envelope label';

/**
 * The kiosk's two documents, each rendered and sent to its configured queue. Failures are
 * KioskError('print_failed') with details.reason (see print-failed.ts), for a screen that
 * says what to do and offers to print again. Nothing here keeps a document or a code.
 */
export class PrintService {
  private readonly cups: CupsPrinter;
  private closed = false;

  constructor(private readonly deps: PrintServiceDeps) {
    this.cups = new CupsPrinter(deps.renderer);
  }

  async printRecoverySheet(input: RecoverySheetInput): Promise<PrintReceipt> {
    const { queue, paper } = this.deps.config.sheet;
    const page = paperSizes[paper];
    const html = renderRecoverySheet(recoverySheetInputSchema.parse(input), { paper: page, training: this.training });
    return this.send('sheet', { printer: queue, html, page, title: sheetTitle });
  }

  async printEnvelopeLabel(input: EnvelopeLabelInput): Promise<PrintReceipt> {
    const { queue, size } = this.deps.config.label;
    const page = labelSizes[size];
    const html = await renderEnvelopeLabel(envelopeLabelInputSchema.parse(input), { size: page, training: this.training });
    return this.send('label', { printer: queue, html, page, title: labelTitle });
  }

  /** A page the training printer holds, for the screen; null once it is gone (or outside training). */
  onScreen(handle: string) {
    return this.deps.trainingPrinter?.page(handle) ?? null;
  }

  /** The training printer's page is no longer needed (a sheet of codes, once the attendee has it). */
  discardOnScreen(handle: string | null | undefined): void {
    this.deps.trainingPrinter?.discard(handle);
  }

  /** Both configured printers with their CUPS state, sheet first, for the status screen. */
  async printers(): Promise<ConfiguredPrinterState[]> {
    const { sheet, label } = this.deps.config;
    const [sheetState, labelState] = await this.cups.status([sheet.queue, label.queue]);
    const unknown = (printer: string): PrinterState => ({ printer, state: 'unknownPrinter', reason: null, alerts: [] });
    const configured = (state: PrinterState, role: PrinterRole, media: string): ConfiguredPrinterState => ({
      ...state,
      role,
      media,
      onScreen: this.deps.trainingPrinter !== undefined && missingQueue.has(state.state),
    });
    return [configured(sheetState ?? unknown(sheet.queue), 'sheet', sheet.paper), configured(labelState ?? unknown(label.queue), 'label', label.size)];
  }

  /** See CupsPrinter.keepsJobFiles: whether CUPS keeps printed documents (with their codes) on disk. */
  keepsJobFiles(): Promise<boolean | null> {
    return this.cups.keepsJobFiles();
  }

  /**
   * Starts the renderer ahead of the first print, when there is a queue to print to: a kiosk
   * that only ever prints on screen (training on a laptop) keeps no browser open for nothing.
   */
  async warmUp(): Promise<void> {
    const states = await this.printers();
    if (!this.closed && states.some((state) => !missingQueue.has(state.state))) await this.deps.renderer.warmUp();
  }

  close(): Promise<void> {
    this.closed = true;
    return this.deps.renderer.close();
  }

  /**
   * To the configured CUPS queue, asking CUPS once about it; in training, to the training printer
   * when that queue is missing (a queue that exists but is stopped still says so, as in production).
   */
  private async send(document: OnScreenDocument, job: PrintJob): Promise<PrintReceipt> {
    const state = await this.cups.queueState(job.printer);
    const training = this.deps.trainingPrinter;
    if (training && missingQueue.has(state.state)) {
      const { jobId, handle } = training.print(document, job.html, job.page);
      return { queue: TRAINING_PRINTER_QUEUE, jobId, onScreen: handle };
    }
    const { jobId } = await this.cups.print(job, state);
    return { queue: job.printer, jobId, onScreen: null };
  }

  private get training(): boolean {
    return this.deps.mode === 'training';
  }
}
