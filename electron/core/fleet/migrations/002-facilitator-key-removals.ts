import type { FleetMigration } from '../fleet-migrate';
import { kioskRowsPolicy } from './kiosk-rows-policy';

/**
 * A kiosk removed a facilitator key enrolled at another kiosk: a row of the removing kiosk's
 * (it may not change the other kiosk's key row), which every kiosk reads at its next contact
 * and then refuses the key. Append-only: a removal is never taken back (enrol the key again).
 */
export const facilitatorKeyRemovals: FleetMigration = {
  version: 2,
  name: 'facilitator-key-removals',
  sql: `
    CREATE TABLE fleet.facilitator_key_removals (
      kiosk_id text NOT NULL DEFAULT current_user,
      local_id bigint NOT NULL,
      key_local_id text NOT NULL,
      credential_id text NOT NULL,
      key_kiosk_id text NOT NULL,
      removed_at timestamptz NOT NULL,
      removed_by text NOT NULL,
      PRIMARY KEY (kiosk_id, local_id)
    );
    CREATE INDEX facilitator_key_removals_credential ON fleet.facilitator_key_removals (credential_id);

    ${kioskRowsPolicy('fleet.facilitator_key_removals', { update: false })}
  `,
};
