import { z } from 'zod';
import { labelSizeNames, paperNames } from './page-sizes';

/**
 * A CUPS queue name as `lpadmin -p` accepts it: no spaces, slashes or '#'. It must not start
 * with '-' either, so it can never be read as an option of lp or lpstat.
 */
export const queueNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.][A-Za-z0-9_.@-]{0,126}$/, 'a CUPS queue name: letters, digits, "_", ".", "-" and "@", not starting with "-" (see lpstat -p)');

/** Where the two documents go: the recovery sheet to an office printer, the label to a label printer. */
export const printersConfigSchema = z
  .object({
    sheet: z
      .object({
        queue: queueNameSchema.default('kiosk-sheet'),
        paper: z.enum(paperNames).default('A4'),
      })
      .strict()
      .default({ queue: 'kiosk-sheet', paper: 'A4' }),
    label: z
      .object({
        queue: queueNameSchema.default('kiosk-label'),
        size: z.enum(labelSizeNames).default('62x100mm'),
      })
      .strict()
      .default({ queue: 'kiosk-label', size: '62x100mm' }),
  })
  .strict()
  .default({ sheet: { queue: 'kiosk-sheet', paper: 'A4' }, label: { queue: 'kiosk-label', size: '62x100mm' } });

export type PrintersConfig = z.output<typeof printersConfigSchema>;
