import type { FleetMigration } from '../fleet-migrate';
import { fleetFoundation } from './001-fleet-foundation';
import { fleetReport } from './004-fleet-report';

/** Every change to the fleet's schema, in order. Append only: a shipped migration never changes. */
export const fleetMigrations: readonly FleetMigration[] = [fleetFoundation, fleetReport];
