import type { HandlerTable } from '../contract/handler-table';
import type { FleetRuntime } from './fleet-runtime';

export function createFleetHandlers(fleet: FleetRuntime): Pick<HandlerTable, 'fleet.status'> {
  return {
    'fleet.status': () => {
      const status = fleet.status();
      const now = Date.now();
      return {
        ...status,
        lastContactAt: status.lastContactAt?.toISOString() ?? null,
        oldestWaitingAt: status.oldestWaitingAt?.toISOString() ?? null,
        oldestWaitingAgeSeconds: status.oldestWaitingAt ? Math.max(0, (now - status.oldestWaitingAt.getTime()) / 1000) : null,
      };
    },
  };
}
