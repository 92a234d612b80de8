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
});
export type PrinterStatus = z.infer<typeof printerStatusSchema>;

export const printersCalls = {
  /** Each configured printer's state from CUPS, and whether CUPS keeps printed documents on disk (null: unknown). */
  'printers.status': defineCall(z.object({}).strict(), z.object({ printers: z.array(printerStatusSchema), keepsJobFiles: z.boolean().nullable() })),
};
