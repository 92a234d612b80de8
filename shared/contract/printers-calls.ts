import { z } from 'zod';
import { defineCall } from './define';

/**
 * A CUPS queue as the kiosk sees it. stopped: disabled in CUPS (cupsenable resumes it);
 * rejecting: not accepting jobs (cupsaccept); spoolerDown: CUPS itself is not running.
 */
export const printerConditionSchema = z.enum(['idle', 'printing', 'stopped', 'rejecting', 'unknownPrinter', 'spoolerDown']);
export type PrinterCondition = z.infer<typeof printerConditionSchema>;

export const printerStatusSchema = z.object({
  /** sheet: the recovery-code sheet; label: the backup-key envelope label. */
  role: z.enum(['sheet', 'label']),
  queue: z.string(),
  /** The paper or label size the kiosk prints there, e.g. "A4" or "62x100mm". */
  media: z.string(),
  state: printerConditionSchema,
  /** What CUPS says about the queue, e.g. "Paused"; null when it says nothing. */
  reason: z.string().nullable(),
  /** CUPS printer-state-reasons, e.g. "media-empty-error". */
  alerts: z.array(z.string()),
  /** Training, and the queue is missing: the kiosk prints to the on-screen training printer instead. */
  onScreen: z.boolean(),
});
export type PrinterStatus = z.infer<typeof printerStatusSchema>;

/** A page the training printer printed: shown on screen where a training kiosk has no print queue. */
export const onScreenPageSchema = z.object({
  document: z.enum(['sheet', 'label']),
  /** The page as an SVG image (data: URL) of the very document that would have printed. */
  image: z.string().startsWith('data:image/svg+xml'),
  widthMm: z.number().positive(),
  heightMm: z.number().positive(),
  printedAt: z.string(),
});
export type OnScreenPage = z.infer<typeof onScreenPageSchema>;

export const printersCalls = {
  /** Each configured printer's state from CUPS, and whether CUPS keeps printed documents on disk (null: unknown). */
  'printers.status': defineCall(z.object({}).strict(), z.object({ printers: z.array(printerStatusSchema), keepsJobFiles: z.boolean().nullable() })),
  /** Training: a page the training printer holds, by the handle a journey view or a reprint named. */
  'print.onScreen': defineCall(z.object({ handle: z.uuid() }).strict(), onScreenPageSchema),
};
