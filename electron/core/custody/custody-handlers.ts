import { actingFacilitator } from '../access/acting-facilitator';
import type { PartialHandlers } from '../contract/handler-table';
import type { PrintService } from '../print/print-service';
import type { CustodyService } from './custody-service';
import { printEnvelopeLabel } from './label-printing';

type CustodyCallNames = 'custody.find' | 'custody.move' | 'custody.list' | 'custody.reprintLabel';

/** The custody screen's calls: thin over CustodyService, answering with what the screen shows. */
export function createCustodyHandlers(custody: CustodyService, print: PrintService): PartialHandlers<CustodyCallNames> {
  const views = custody.views;
  return {
    'custody.find': ({ code }) => {
      const envelope = custody.find(code);
      return envelope ? { kind: 'found', record: views.record(envelope) } : { kind: 'unknown', query: code };
    },
    'custody.move': ({ code, to, note }, call) => views.record(custody.move(code, to, actingFacilitator(call).name, note)),
    'custody.list': ({ state, labelMissing, sessionId }) => views.list({ state, labelMissing, sessionId }),
    'custody.reprintLabel': async ({ code, reason, locale }, call) => {
      const { envelope, receipt } = await custody.printLabel(code, actingFacilitator(call).name, reason, (label) => printEnvelopeLabel(print, label, locale));
      return { record: views.record(envelope), label: views.label(envelope), onScreen: receipt.onScreen };
    },
  };
}
