import { z } from 'zod';

export const STOCK_DEFAULTS = { warnBelow: 5 } as const;

const AAGUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const count = z.number().int().min(0).max(10_000);

/** AAGUID → threshold; each key checked here so a wrong one is named (zod's own record check only says "invalid key"). Compared lower-cased. */
const perAaguid = z.record(z.string(), count).superRefine((thresholds, ctx) => {
  for (const key of Object.keys(thresholds)) {
    if (!AAGUID.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is not an AAGUID: an AAGUID looks like cb69481e-8ff7-4039-93ec-0a2729a154a8` });
  }
});

/**
 * The `stock` section of the kiosk config: below how many fresh keys of a model the status and
 * custody screens warn. `warnBelowFor` sets another threshold for the model of an AAGUID (keys
 * named the same by the AAGUID table share a line; the highest threshold given for it applies).
 */
export const stockConfigSchema = z
  .object({
    warnBelow: count.default(STOCK_DEFAULTS.warnBelow),
    warnBelowFor: perAaguid.default({}),
  })
  .strict()
  .default({ ...STOCK_DEFAULTS, warnBelowFor: {} });

export type StockConfig = z.infer<typeof stockConfigSchema>;
