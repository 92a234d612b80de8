import { z } from 'zod';

export const STOCK_DEFAULTS = { warnBelow: 5 } as const;

/** Compared lower-cased, as the keys report them. */
const aaguid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'an AAGUID looks like cb69481e-8ff7-4039-93ec-0a2729a154a8');

/**
 * The `stock` section of the kiosk config: below how many fresh keys of a model the status and
 * custody screens warn. `warnBelowFor` sets another threshold for the model of an AAGUID (keys
 * named the same by the AAGUID table share a line; the highest threshold given for it applies).
 */
export const stockConfigSchema = z
  .object({
    warnBelow: z.number().int().min(0).max(10_000).default(STOCK_DEFAULTS.warnBelow),
    warnBelowFor: z.record(aaguid, z.number().int().min(0).max(10_000)).default({}),
  })
  .strict()
  .default({ ...STOCK_DEFAULTS, warnBelowFor: {} });

export type StockConfig = z.infer<typeof stockConfigSchema>;
