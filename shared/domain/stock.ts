import { z } from 'zod';

/**
 * The stock of fresh security keys at this kiosk, per model. A model is what the AAGUID table
 * (or the FIDO MDS) names it, so the firmware versions of one model share a line; a key whose
 * AAGUID nobody names has a line of its own, named by the AAGUID.
 */
export const stockMovementKinds = ['received', 'counted', 'used'] as const;
export const stockMovementKindSchema = z.enum(stockMovementKinds);
export type StockMovementKind = z.infer<typeof stockMovementKindSchema>;

export const stockLineSchema = z.object({
  model: z.string(),
  /** The AAGUIDs seen for this model so far (received by AAGUID, counted or used). */
  aaguids: z.array(z.string()),
  /** Recorded as received or counted by plugging, in all. */
  received: z.number().int().min(0),
  /** Taken by backup-key steps that registered a key of this model. */
  used: z.number().int().min(0),
  /** received − used; below zero when more were used than IT recorded. */
  left: z.number().int(),
  /** The configured warning threshold for this model. */
  warnBelow: z.number().int().min(0),
  /** left < warnBelow: IT should order or bring more. */
  low: z.boolean(),
});
export type StockLine = z.infer<typeof stockLineSchema>;

export const stockMovementSchema = z.object({
  kind: stockMovementKindSchema,
  model: z.string(),
  aaguid: z.string().nullable(),
  count: z.number().int().min(1),
  note: z.string().nullable(),
  actor: z.string(),
  at: z.string(),
});
export type StockMovement = z.infer<typeof stockMovementSchema>;

export const stockListSchema = z.object({
  /** By model name. */
  lines: z.array(stockLineSchema),
  /** The newest movements first, for the screen's "last changes". */
  recent: z.array(stockMovementSchema),
  /** The default threshold (config stock.warnBelow). */
  warnBelow: z.number().int().min(0),
  /** The model names IT may record as received (the AAGUID table's and the MDS's), sorted. */
  models: z.array(z.string()),
});
export type StockList = z.infer<typeof stockListSchema>;
