import type { FleetMigration } from '../fleet-migrate';
import { kioskRowsPolicy } from './kiosk-rows-policy';

/**
 * Custody decided in the fleet. An envelope belongs to the kiosk that sealed it, yet any kiosk
 * may move it: each move is a row of the moving kiosk (so row-level security still holds),
 * numbered per envelope. A kiosk inserts version n + 1 after reading version n; the primary key
 * lets exactly one of two kiosks that read the same n win, and the other reads who did.
 * Rows are never changed or deleted: the moves are the envelope's custody history.
 */
export const custodyMoves: FleetMigration = {
  version: 3,
  name: 'custody-moves',
  sql: `
    CREATE TABLE fleet.custody_moves (
      envelope_kiosk_id text NOT NULL,
      envelope_local_id text NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      kiosk_id text NOT NULL DEFAULT current_user,
      kiosk_name text NOT NULL,
      from_state text NOT NULL,
      to_state text NOT NULL,
      actor text NOT NULL,
      note text,
      at timestamptz NOT NULL,
      PRIMARY KEY (envelope_kiosk_id, envelope_local_id, version),
      FOREIGN KEY (envelope_kiosk_id, envelope_local_id) REFERENCES fleet.envelopes (kiosk_id, local_id)
    );
    CREATE INDEX custody_moves_kiosk ON fleet.custody_moves (kiosk_id, at);

    -- A move continues the one before it: a kiosk cannot skip a version or start from a state
    -- the envelope was not in. Two kiosks that both pass this still meet at the primary key.
    CREATE FUNCTION fleet.custody_move_follows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.version > 1 AND NOT EXISTS (
        SELECT 1 FROM fleet.custody_moves m
        WHERE m.envelope_kiosk_id = NEW.envelope_kiosk_id AND m.envelope_local_id = NEW.envelope_local_id
          AND m.version = NEW.version - 1 AND m.to_state = NEW.from_state
      ) THEN
        RAISE EXCEPTION 'custody move % of envelope %/% does not follow move %', NEW.version, NEW.envelope_kiosk_id, NEW.envelope_local_id, NEW.version - 1
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER custody_move_follows BEFORE INSERT ON fleet.custody_moves FOR EACH ROW EXECUTE FUNCTION fleet.custody_move_follows();

    -- An envelope's custody as the fleet decides it: its latest move, or the state its kiosk
    -- sealed (or moved it to before the fleet existed) while no move was made in the fleet.
    CREATE VIEW fleet.envelope_custody WITH (security_invoker = true) AS
      SELECT e.*, coalesce(m.version, 0) AS version, coalesce(m.to_state, e.state) AS custody_state
      FROM fleet.envelopes e
      LEFT JOIN LATERAL (
        SELECT version, to_state FROM fleet.custody_moves m
        WHERE m.envelope_kiosk_id = e.kiosk_id AND m.envelope_local_id = e.local_id
        ORDER BY version DESC LIMIT 1
      ) m ON true;
    GRANT SELECT ON fleet.envelope_custody TO fleet_kiosk;

    ${kioskRowsPolicy('fleet.custody_moves', { update: false })}
  `,
};
