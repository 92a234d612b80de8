import type { PartialHandlers } from '../contract/handler-table';
import { actingFacilitator } from './acting-facilitator';
import type { FacilitatorKeyEnrollment } from './facilitator-key-enrollment';
import type { KioskLock } from './kiosk-lock';

type AccessCalls = 'access.state' | 'access.unlock' | 'access.lock' | 'access.activity' | 'access.enroll' | 'access.keys' | 'access.remove';

export function createAccessHandlers(lock: KioskLock, facilitatorKeys: FacilitatorKeyEnrollment): PartialHandlers<AccessCalls> {
  return {
    'access.state': () => lock.state(),
    'access.unlock': ({ pin }) => lock.unlock(pin ?? null),
    'access.lock': () => lock.lock('manual'),
    'access.activity': () => {
      lock.activity();
      return { ok: true as const };
    },
    'access.enroll': async (input, call) => ({ key: await facilitatorKeys.enroll(input, call.facilitator ?? null), state: lock.state() }),
    'access.keys': async () => ({ keys: await facilitatorKeys.refreshedList() }),
    'access.remove': ({ id }, call) => ({ keys: facilitatorKeys.remove(id, actingFacilitator(call)) }),
  };
}
