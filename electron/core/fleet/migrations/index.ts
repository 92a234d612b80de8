import type { FleetMigration } from '../fleet-migrate';
import { fleetFoundation } from './001-fleet-foundation';
import { custodyMoves } from './002-custody-moves';

/** Every change to the fleet's schema, in order. Append only: a shipped migration never changes. */
export const fleetMigrations: readonly FleetMigration[] = [fleetFoundation, custodyMoves];
