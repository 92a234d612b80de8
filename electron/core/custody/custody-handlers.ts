import { actingFacilitator } from '../access/acting-facilitator';
import type { PartialHandlers } from '../contract/handler-table';
import type { PrintService } from '../print/print-service';
import type { CustodyService } from './custody-service';
import type { FleetCustodyService } from './fleet-custody';
import { printEnvelopeLabel } from './label-printing';

type CustodyCallNames = 'custody.find' | 'custody.move' | 'custody.list' | 'custody.reprintLabel';

/**
 * The custody screen's calls: thin over CustodyService, answering with what the screen shows.
 * With a fleet, finding, listing and moving go through the fleet (`fleet`); a label is always
 * printed by the kiosk that sealed the envelope.
 */
export function createCustodyHandlers(custody: CustodyService, print: PrintService, fleet: FleetCustodyService | null): PartialHandlers<CustodyCallNames> {
  const views = custody.views;
  return {
    'custody.find': ({ code }) => {
      if (fleet) return fleet.find(code);
      const envelope = custody.find(code);
      return envelope ? { kind: 'found', record: views.record(envelope), source: 'kiosk' } : { kind: 'unknown', query: code, source: 'kiosk' };
    },
    'custody.move': ({ code, to, note, version }, call) => {
      const actor = actingFacilitator(call).name;
      return fleet ? fleet.move(code, to, actor, note, version) : views.record(custody.move(code, to, actor, note));
    },
    'custody.list': ({ state, labelMissing, sessionId }) => (fleet ? fleet.list({ state, labelMissing, sessionId }) : views.list({ state, labelMissing, sessionId })),
    'custody.reprintLabel': async ({ code, reason, locale }, call) => {
      await fleet?.requireOwn(code);
      const { envelope, receipt } = await custody.printLabel(code, actingFacilitator(call).name, reason, (label) => printEnvelopeLabel(print, label, locale));
      const seen = fleet ? await fleet.find(envelope.code) : null;
      return { record: seen?.kind === 'found' ? seen.record : views.record(envelope), label: views.label(envelope), onScreen: receipt.onScreen };
    },
  };
}
