import type { KioskMode } from '../config/schema';
import type { Printer, PrinterState } from '../ports/printer';
import { envelopeLabelInputSchema, renderEnvelopeLabel, type EnvelopeLabelInput } from './envelope-label';
import { labelSizes, paperSizes } from './page-sizes';
import type { PrintersConfig } from './printers-config-schema';
import { recoverySheetInputSchema, renderRecoverySheet, type RecoverySheetInput } from './recovery-sheet';

export type { EnvelopeLabelInput } from './envelope-label';
export type { RecoverySheetInput } from './recovery-sheet';

export type PrinterRole = 'sheet' | 'label';

/** Which queue took the document, and CUPS's id for the job there. */
export interface PrintReceipt {
  queue: string;
  jobId: string;
}

export interface ConfiguredPrinterState extends PrinterState {
  role: PrinterRole;
  /** The paper or label size the kiosk prints on it, e.g. "A4" or "62x100mm". */
  media: string;
}

export interface PrintServiceDeps {
  printer: Printer;
  config: PrintersConfig;
  /** Training prints a TRAINING mark on every document. */
  mode: KioskMode;
}

// Job titles show in CUPS's job list and history, so they name the document, never the person.
const sheetTitle = 'Enrollment Kiosk - recovery sheet';
const labelTitle = 'Enrollment Kiosk - envelope label';

/**
 * The kiosk's two documents, each rendered and sent to its configured queue. Failures are
 * KioskError('print_failed') with details.reason (see ports/printer.ts), for a screen that
 * says what to do and offers to print again. Nothing here keeps a document or a code.
 */
export class PrintService {
  constructor(private readonly deps: PrintServiceDeps) {}

  async printRecoverySheet(input: RecoverySheetInput): Promise<PrintReceipt> {
    const { queue, paper } = this.deps.config.sheet;
    const page = paperSizes[paper];
    const html = renderRecoverySheet(recoverySheetInputSchema.parse(input), { paper: page, training: this.training });
    const { jobId } = await this.deps.printer.print({ printer: queue, html, page, title: sheetTitle });
    return { queue, jobId };
  }

  async printEnvelopeLabel(input: EnvelopeLabelInput): Promise<PrintReceipt> {
    const { queue, size } = this.deps.config.label;
    const page = labelSizes[size];
    const html = await renderEnvelopeLabel(envelopeLabelInputSchema.parse(input), { size: page, training: this.training });
    const { jobId } = await this.deps.printer.print({ printer: queue, html, page, title: labelTitle });
    return { queue, jobId };
  }

  /** Both configured printers with their CUPS state, sheet first, for the status screen. */
  async printers(): Promise<ConfiguredPrinterState[]> {
    const { sheet, label } = this.deps.config;
    const [sheetState, labelState] = await this.deps.printer.status([sheet.queue, label.queue]);
    const unknown = (printer: string): PrinterState => ({ printer, state: 'unknownPrinter', reason: null, alerts: [] });
    return [
      { ...(sheetState ?? unknown(sheet.queue)), role: 'sheet', media: sheet.paper },
      { ...(labelState ?? unknown(label.queue)), role: 'label', media: label.size },
    ];
  }

  /** See Printer.keepsJobFiles: whether CUPS keeps printed documents (with their codes) on disk. */
  keepsJobFiles(): Promise<boolean | null> {
    return this.deps.printer.keepsJobFiles();
  }

  private get training(): boolean {
    return this.deps.mode === 'training';
  }
}
