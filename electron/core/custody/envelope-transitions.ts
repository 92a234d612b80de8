import { KioskError } from '../../../shared/contract/errors';
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

/** What a person reads in the refusal; the screen shows the states in its own language. */
const stateWords: Readonly<Record<EnvelopeState, string>> = {
  sealed: 'sealed at the kiosk',
  collected: 'collected by IT',
  inSafe: 'in the safe',
  handedOut: 'handed out to its owner',
  returned: 'returned',
  destroyed: 'destroyed',
};

export function nextStates(from: EnvelopeState): readonly EnvelopeState[] {
  return allowed[from];
}

/** A destroyed envelope is gone; every other state still has a move. */
export function isFinal(state: EnvelopeState): boolean {
  return allowed[state].length === 0;
}

/** Throws a conflict naming the current state and what is possible from it. */
export function requireTransition(sealNumber: string, from: EnvelopeState, to: EnvelopeState): void {
  if (allowed[from].includes(to)) return;
  const options = allowed[from].map((state) => `"${stateWords[state]}"`);
  const possible = options.length === 0 ? 'it is final and cannot move any more' : `from there it can only become ${options.join(' or ')}`;
  const already = from === to ? ' already' : '';
  throw new KioskError('conflict', `Envelope ${sealNumber} cannot become "${stateWords[to]}". It is ${stateWords[from]}${already}; ${possible}.`, {
    from,
    to,
    allowed: allowed[from],
  });
}
