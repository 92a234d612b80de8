import { KioskError } from '../../../shared/contract/errors';
import type { Message } from '../../../shared/contract/messages';
import type { PrinterCondition } from '../../../shared/contract/printers-calls';

/**
 * The Printer port: a document goes in as HTML at an explicit page size, and each host turns
 * it into PDF its own way (Electron: printToPDF in a hidden window, in memory; plain Node:
 * headless Chromium) before handing it to the CUPS queue. HTML, not PDF, crosses the port
 * because turning HTML into PDF is exactly what differs between the hosts.
 *
 * Implementations: electron/core/print/cups-printer.ts (plain Node, the web host and tests),
 * electron/main/print/electron-printer.ts (the Electron shell).
 */
export interface Printer {
  /** Sends one document to a CUPS queue; resolves once CUPS has accepted the job. */
  print(job: PrintJob): Promise<{ jobId: string }>;
  /** Each queue's state as CUPS reports it, in the order asked. Never throws for a bad queue. */
  status(queues: readonly string[]): Promise<PrinterState[]>;
  /**
   * Whether CUPS keeps a copy of each printed document after printing (cupsd.conf
   * PreserveJobFiles, one day by default); null when that cannot be read.
   */
  keepsJobFiles(): Promise<boolean | null>;
}

export interface PrintJob {
  /** The CUPS queue name. */
  printer: string;
  /** A complete HTML document whose CSS `@page` size matches `page`. */
  html: string;
  page: PageSize;
  /** The job's title in the queue; never personal data or codes (CUPS keeps job history). */
  title: string;
}

/** An explicit page: label printers ignore defaults, so every document says its size. */
export interface PageSize {
  widthMm: number;
  heightMm: number;
  /** The CUPS `media` option for this size, e.g. `A4` or `Custom.62x100mm`. */
  media: string;
}

export interface PrinterState {
  printer: string;
  /** stopped: disabled in CUPS (cupsenable); rejecting: not accepting jobs (cupsaccept). */
  state: PrinterCondition;
  /** What CUPS says about it, e.g. "Paused" or "media-empty"; null when it says nothing. */
  reason: string | null;
  /** CUPS printer-state-reasons such as `media-empty-error` or `paused`; empty when none. */
  alerts: string[];
}

/** details.reason of a print_failed error, so a screen can say what to do. */
export type PrintFailureReason = 'unknownPrinter' | 'queueStopped' | 'queueRejecting' | 'noPaper' | 'spoolerDown' | 'renderFailed' | 'submitFailed';

/**
 * The one error a Printer throws: what happened as a message code (the screen translates it;
 * what IT needs, a command or what CUPS said, is among its parameters) and the reason for screens.
 */
export function printFailed(reason: PrintFailureReason, says: Message, queue?: string): KioskError {
  return new KioskError('print_failed', says, queue === undefined ? { reason } : { reason, queue });
}
