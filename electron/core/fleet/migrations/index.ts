import type { FleetMigration } from '../fleet-migrate';
import { fleetFoundation } from './001-fleet-foundation';

/** Every change to the fleet's schema, in order. Append only: a shipped migration never changes. */
export const fleetMigrations: readonly FleetMigration[] = [fleetFoundation];
