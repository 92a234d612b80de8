import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { PartialHandlers } from '../contract/handler-table';
import type { PrintService } from './print-service';

export function createPrintersHandlers(print: PrintService): PartialHandlers<'printers.status' | 'print.onScreen'> {
  return {
    'print.onScreen': ({ handle }) => {
      const page = print.onScreen(handle);
      if (!page) throw new KioskError('not_found', message('print.onScreenGone'));
      return page;
    },
    'printers.status': async () => {
      const [printers, keepsJobFiles] = await Promise.all([print.printers(), print.keepsJobFiles()]);
      return {
        printers: printers.map(({ role, printer, media, state, reason, alerts, onScreen }) => ({ role, queue: printer, media, state, reason, alerts, onScreen })),
        keepsJobFiles,
      };
    },
  };
}
