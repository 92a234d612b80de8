import type { PartialHandlers } from '../contract/handler-table';
import type { AccessService } from './access-service';

type AccessCalls = 'access.state' | 'access.unlock' | 'access.lock' | 'access.activity' | 'access.enroll' | 'access.keys' | 'access.remove';

export function createAccessHandlers(access: AccessService): PartialHandlers<AccessCalls> {
  return {
    'access.state': () => access.state(),
    'access.unlock': ({ pin }) => access.unlock(pin ?? null),
    'access.lock': () => access.lock('manual'),
    'access.activity': () => {
      access.activity();
      return { ok: true as const };
    },
    'access.enroll': (input) => access.enroll(input),
    'access.keys': () => ({ keys: access.list() }),
    'access.remove': ({ id }) => ({ keys: access.remove(id) }),
  };
}
