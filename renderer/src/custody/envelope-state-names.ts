import type { EnvelopeState } from '../../../shared/domain/custody';
import type { MessageKey } from '../i18n/en';
import type { StateTone } from '../status/status-fact';

export const stateKeys: Readonly<Record<EnvelopeState, MessageKey>> = {
  sealed: 'custody.state.sealed',
  collected: 'custody.state.collected',
  inSafe: 'custody.state.inSafe',
  handedOut: 'custody.state.handedOut',
  returned: 'custody.state.returned',
  destroyed: 'custody.state.destroyed',
};

/** Secured (in the safe, with its owner) reads as good; destroyed as ended; the rest is on its way. */
export const stateTones: Readonly<Record<EnvelopeState, StateTone>> = {
  sealed: 'neutral',
  collected: 'neutral',
  inSafe: 'ok',
  handedOut: 'ok',
  returned: 'neutral',
  destroyed: 'bad',
};

/** Every state but the first can be moved to. */
export type MoveTarget = Exclude<EnvelopeState, 'sealed'>;

export function isMoveTarget(state: EnvelopeState): state is MoveTarget {
  return state !== 'sealed';
}

/** The button that moves an envelope to this state ("Put in the safe"). */
export const moveKeys: Readonly<Record<MoveTarget, MessageKey>> = {
  collected: 'custody.move.to.collected',
  inSafe: 'custody.move.to.inSafe',
  handedOut: 'custody.move.to.handedOut',
  returned: 'custody.move.to.returned',
  destroyed: 'custody.move.to.destroyed',
};
