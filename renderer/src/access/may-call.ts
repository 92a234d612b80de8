import { mayCall } from '../../../shared/contract/call-audience';
import type { CallName } from '../../../shared/contract/calls';
import type { AccessState } from '../../../shared/domain/access';
import { useAccess } from './access-context';

/**
 * Whether the unlocked key's roles may make the call, read from the core's own audience table:
 * a screen offers only what the core would let through (and the core refuses the rest anyway).
 */
export function unlockedMayCall(state: AccessState, name: CallName): boolean {
  return state.facilitator !== null && mayCall(state.facilitator.roles, name);
}

export function useMayCall(name: CallName): boolean {
  return unlockedMayCall(useAccess().state, name);
}
