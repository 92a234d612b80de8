import type { EnvelopeState } from '../../../shared/domain/custody';
import type { CustodyService } from '../custody/custody-service';
import type { FleetCustodyService } from '../custody/fleet-custody';

/**
 * How the recovery moves an envelope: through the fleet's version check when the kiosk belongs
 * to a fleet (custody must not fork: the move is decided in PostgreSQL and then applied here),
 * else on the kiosk alone. Each move is made only from the state before it, so a recovery
 * resumed after a crash skips the moves already made.
 */
export interface CustodyMover {
  move(code: string, to: EnvelopeState, actor: string, note: string): Promise<void>;
}

export function custodyMover(custody: CustodyService, fleet: FleetCustodyService | null): CustodyMover {
  return {
    async move(code, to, actor, note) {
      if (fleet) await fleet.move(code, to, actor, note, undefined);
      else custody.move(code, to, actor, note);
    },
  };
}
