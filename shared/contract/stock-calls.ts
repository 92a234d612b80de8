import { z } from 'zod';
import { KEY_MODEL_MAX, KEYS_RECEIVED_MAX, NOTE_MAX } from '../domain/limits';
import { stockLineSchema, stockListSchema } from '../domain/stock';
import { defineCall } from './define';

const aaguid = z.string().trim().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'an AAGUID looks like cb69481e-8ff7-4039-93ec-0a2729a154a8');

/** Who records is the unlocked key's person, never a typed name. The stock is this kiosk's own, also in a fleet. */
export const stockCalls = {
  'stock.list': defineCall(z.object({}).strict(), stockListSchema),
  /**
   * Keys received (a delivery, a box from another site): the model by its name as the list
   * offers it, or by AAGUID (one of the two), how many, and a note such as the order number.
   */
  'stock.receive': defineCall(
    z
      .object({
        model: z.string().trim().min(1).max(KEY_MODEL_MAX).optional(),
        aaguid: aaguid.optional(),
        count: z.number().int().min(1).max(KEYS_RECEIVED_MAX),
        note: z.string().trim().max(NOTE_MAX).optional(),
      })
      .strict(),
    z.object({ line: stockLineSchema }),
  ),
  /**
   * Counts one fresh key plugged in now (no PIN yet) into its model's stock. A key offering a
   * USB serial number is counted once ever; one without is counted once while it stays plugged in.
   */
  'stock.countPlugged': defineCall(
    z.object({ path: z.string().min(1).max(512), note: z.string().trim().max(NOTE_MAX).optional() }).strict(),
    z.object({ line: stockLineSchema, serial: z.string().nullable() }),
  ),
};
