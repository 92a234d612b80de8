import type { FleetMigration } from '../fleet-migrate';
import { fleetFoundation } from './001-fleet-foundation';
import { facilitatorKeyRemovals } from './002-facilitator-key-removals';
import { custodyMoves } from './003-custody-moves';
import { fleetStations } from './004-stations';
import { fleetReport } from './005-fleet-report';

/** Every change to the fleet's schema, in order. Append only: a shipped migration never changes. */
export const fleetMigrations: readonly FleetMigration[] = [fleetFoundation, facilitatorKeyRemovals, custodyMoves, fleetStations, fleetReport];
