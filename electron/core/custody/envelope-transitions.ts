import { KioskError } from '../../../shared/contract/errors';
import { message, type Message } from '../../../shared/contract/messages';
import type { EnvelopeState } from '../../../shared/domain/custody';

/**
 * The custody graph. Envelopes only move forward, one stop at a time, so the history shows
 * every hand the key passed through:
 *
 *   sealed → collected → inSafe → handedOut → returned
 *      ↘         ↘          ↘                    ↘
 *                         destroyed (final)
 *
 * An envelope can be destroyed while IT holds it (sealed, collected, in the safe) or after
 * its owner returned the key; never while the owner has it (IT cannot destroy what it does
 * not hold: it is returned first). Nothing moves back to "sealed": a new seal is a new envelope.
 */
const allowed: Readonly<Record<EnvelopeState, readonly EnvelopeState[]>> = {
  sealed: ['collected', 'destroyed'],
  collected: ['inSafe', 'destroyed'],
  inSafe: ['handedOut', 'destroyed'],
  handedOut: ['returned'],
  returned: ['destroyed'],
  destroyed: [],
};

export function nextStates(from: EnvelopeState): readonly EnvelopeState[] {
  return allowed[from];
}

/** A destroyed envelope is gone; every other state still has a move. */
export function isFinal(state: EnvelopeState): boolean {
  return allowed[state].length === 0;
}

/** Throws a conflict naming the current state and what is possible from it (the screen says the states in its language). */
export function requireTransition(sealNumber: string, from: EnvelopeState, to: EnvelopeState): void {
  if (allowed[from].includes(to)) return;
  throw new KioskError('conflict', refusal(sealNumber, from, to), { from, to, allowed: allowed[from] });
}

function refusal(sealNumber: string, from: EnvelopeState, to: EnvelopeState): Message {
  const states = { sealNumber, envelopeState: from, wantedState: to };
  const [next, otherNext] = allowed[from];
  if (next === undefined) return message('custody.moveFinal', states);
  if (otherNext === undefined) return message('custody.moveOnlyTo', { ...states, nextState: next });
  return message('custody.moveOnlyToEither', { ...states, nextState: next, otherNextState: otherNext });
}
