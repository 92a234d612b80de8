import { actingFacilitator } from '../access/acting-facilitator';
import type { PartialHandlers } from '../contract/handler-table';
import type { StockService } from './stock-service';

/**
 * The stock calls: thin over StockService, recorded under the unlocked person. In a fleet the
 * stock stays this kiosk's own: it is the keys in this kiosk's drawer.
 */
export function createStockHandlers(stock: StockService): PartialHandlers<'stock.list' | 'stock.receive' | 'stock.countPlugged'> {
  return {
    'stock.list': () => stock.list(),
    'stock.receive': (input, call) => ({ line: stock.receive({ ...input, actor: actingFacilitator(call).name }) }),
    'stock.countPlugged': (input, call) => stock.countPlugged({ ...input, actor: actingFacilitator(call).name }),
  };
}
