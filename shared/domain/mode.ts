import { z } from 'zod';

/**
 * The kiosk runs in exactly one mode, decided once from the config: `training` (training IdP,
 * virtual key, banner everywhere) or `production` (a real IdP, real keys only).
 */
export const kioskModes = ['training', 'production'] as const;
export const kioskModeSchema = z.enum(kioskModes);
export type KioskMode = z.infer<typeof kioskModeSchema>;
