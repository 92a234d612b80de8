import type { FacilitatorRole } from '../../../shared/domain/access';

/** A facilitator key as the fleet holds it: where it was enrolled, and its removal if any. */
export interface FleetKeyRow {
  kioskId: string;
  kioskName: string;
  /** Its id at that kiosk. */
  id: string;
  credentialId: string;
  publicKey: string;
  name: string;
  role: FacilitatorRole;
  aaguid: string;
  keyModel: string;
  createdAt: string;
  createdBy: string;
  /** Removed at its own kiosk (`by` unknown) or by another one: the first removal. */
  removed: { at: string; by: string | null; kioskId: string } | null;
}

/**
 * The fleet as the facilitator keys need it (fleet/ provides it; absent without a fleet).
 * Access keeps the decisions; this only reads and says whether the fleet was reached.
 */
export interface FleetKeySource {
  /** This kiosk's id in the fleet (its database role) and its name on other kiosks. */
  readonly kioskId: string;
  readonly kioskName: string;
  /** A copied key unlocks until its copy is this old. */
  readonly maxAgeHours: number;
  /** How long an unlock waits for the fleet before going on with the copy. */
  readonly waitMs: number;
  /** Resolves once the fleet is first reached (false: closed before). */
  whenReady(): Promise<boolean>;
  /** Every key in the fleet; null when the fleet is not reached (not connected yet, or away). */
  read(): Promise<FleetKeyRow[] | null>;
  /** A removal was recorded here: send it now rather than at the next poll. */
  wake(): void;
}
