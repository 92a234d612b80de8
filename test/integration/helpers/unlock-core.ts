import { TRAINING_FACILITATOR_PIN } from '../../../electron/core/access/training-facilitator-key';
import type { Core } from '../../../electron/core/app/create-core';

/**
 * Unlocks a core made with createCore for its facilitator calls: with the built-in facilitator key
 * (training's own, or the one a production test hands in as ports.facilitatorKey) and its PIN.
 */
export async function unlockCore(core: Core): Promise<void> {
  const reply = await core.dispatch('access.unlock', { pin: TRAINING_FACILITATOR_PIN }, { transport: 'test' });
  if (!reply.ok) throw new Error(`unlock failed: ${reply.error.code}: ${reply.error.message}`);
}
