import type { FleetMigration } from '../fleet-migrate';
import { fleetFoundation } from './001-fleet-foundation';
import { fleetStations } from './005-stations';

/** Every change to the fleet's schema, in order. Append only: a shipped migration never changes. */
export const fleetMigrations: readonly FleetMigration[] = [fleetFoundation, fleetStations];
