import type { PartialHandlers } from '../contract/handler-table';
import type { PrintService } from './print-service';

export function createPrintersHandlers(print: PrintService): PartialHandlers<'printers.status'> {
  return {
    'printers.status': async () => {
      const [printers, keepsJobFiles] = await Promise.all([print.printers(), print.keepsJobFiles()]);
      return {
        printers: printers.map(({ role, printer, media, state, reason, alerts }) => ({ role, queue: printer, media, state, reason, alerts })),
        keepsJobFiles,
      };
    },
  };
}
