import type { EnvelopeHistoryEntry } from '../../../shared/domain/custody';
import { fleetEnvelopeEvents, fleetMoves, type EnvelopeRef, type FleetMove, type FleetQueries } from '../fleet/fleet-custody-store';

/**
 * A move the fleet decided, as a history entry: the kiosk is named unless it is this one. An
 * envelope never returns to a state, so a move is known by where it came from and went to.
 */
function entryOf(move: FleetMove, here: string): EnvelopeHistoryEntry {
  const entry: EnvelopeHistoryEntry = { action: 'move', from: move.from, to: move.to, actor: move.actor, at: move.at, note: move.note };
  return move.kioskId === here ? entry : { ...entry, kiosk: move.kioskName };
}

const sameStep = (entry: EnvelopeHistoryEntry, move: FleetMove) => entry.action === 'move' && entry.from === move.from && entry.to === move.to;

/** This kiosk's own history of its envelope, with the kiosk named on each move made elsewhere. */
export function withMoveKiosks(history: readonly EnvelopeHistoryEntry[], moves: readonly FleetMove[], here: string): EnvelopeHistoryEntry[] {
  return history.map((entry) => {
    const move = moves.find((m) => sameStep(entry, m));
    return move ? entryOf(move, here) : entry;
  });
}

/**
 * Another kiosk's envelope's history: what its kiosk recorded (seal, prints, moves from before
 * the fleet) and every move decided in the fleet, which its kiosk may not have taken in yet;
 * a move both hold is shown once, from the fleet. Oldest first; `version` is the latest move's.
 */
export async function fleetHistory(db: FleetQueries, ref: EnvelopeRef, here: string): Promise<{ history: EnvelopeHistoryEntry[]; version: number }> {
  const [events, moves] = await Promise.all([fleetEnvelopeEvents(db, ref), fleetMoves(db, ref)]);
  const kept = events.filter((entry) => !moves.some((move) => sameStep(entry, move)));
  // Stable: at the same instant the sealing kiosk's own records (the seal first) come before the moves.
  const history = [...kept, ...moves.map((move) => entryOf(move, here))].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { history, version: moves.at(-1)?.version ?? 0 };
}
