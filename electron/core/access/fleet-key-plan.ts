import type { FleetKeyCopy } from '../store/fleet-key-cache-repository';
import { isBuiltInKeyRecord } from './built-in-key';
import type { FleetKeyRow } from './fleet-key-source';

export interface KeyCopyPlan {
  /** Other kiosks' keys that unlock here: the copy to keep. */
  copy: FleetKeyCopy[];
  /** This kiosk's own keys that another kiosk removed: removed here too. */
  removedElsewhere: FleetKeyRow[];
}

/**
 * What the fleet's keys mean for this kiosk. Another kiosk's key is copied unless it was
 * removed (anywhere, or here while the removal waits to be sent) or is that kiosk's built-in
 * training key, which nobody can carry to another kiosk. This kiosk's own keys stay in its own
 * table; the fleet only tells it which of them another kiosk removed.
 */
export function planKeyCopy(rows: readonly FleetKeyRow[], ownKioskId: string, removedHere: ReadonlySet<string>): KeyCopyPlan {
  const copy: FleetKeyCopy[] = [];
  const removedElsewhere: FleetKeyRow[] = [];
  for (const row of rows) {
    if (row.kioskId === ownKioskId) {
      if (row.removed && row.removed.kioskId !== ownKioskId) removedElsewhere.push(row);
      continue;
    }
    if (row.removed || removedHere.has(row.credentialId) || isBuiltInKeyRecord(row)) continue;
    const { removed: _removed, ...key } = row;
    copy.push(key);
  }
  return { copy, removedElsewhere };
}

const HOUR_MS = 3_600_000;

/** Whole hours since the copy was fetched, when it is too old to unlock with; null while it may. */
export function copyTooOld(fetchedAt: string, now: Date, maxAgeHours: number): number | null {
  const ageMs = now.getTime() - Date.parse(fetchedAt);
  return ageMs > maxAgeHours * HOUR_MS ? Math.floor(ageMs / HOUR_MS) : null;
}
