import type { FacilitatorIdentity, FacilitatorRole } from '../../../shared/domain/access';
import type { sessionCore } from './session-core';

type Harness = ReturnType<typeof sessionCore>;

/**
 * Hands a training kiosk to another person, the way it happens at the kiosk: the person plugs in
 * their own key (a fresh practice key in the key port), the unlocked facilitator enrolls it for
 * `name` and locks, and that person unlocks with their key and PIN. From then on calls act for them.
 */
export async function handOverTo(h: Harness, name: string, role: FacilitatorRole = 'it', pin = '583920'): Promise<FacilitatorIdentity> {
  await h.call('keys.freshTrainingKey', {});
  await h.call('access.enroll', { name, role, pin });
  await h.call('access.lock', {});
  const state = await h.call('access.unlock', { pin });
  if (!state.facilitator || state.facilitator.name !== name) throw new Error(`unlocking with ${name}'s key named ${JSON.stringify(state.facilitator)}`);
  return state.facilitator;
}
