import type { Statement } from 'better-sqlite3';
import { toFacilitatorKeyRecord, type FacilitatorKeyRecord, type FacilitatorKeyRow } from './facilitator-keys-repository';
import type { Db } from './open-database';
import { statementCache } from './statement-cache';

/** Another kiosk's facilitator key as this kiosk copied it from the fleet. */
export interface CachedFleetKey extends FacilitatorKeyRecord {
  /** The kiosk it was enrolled at: its id (database role) and name. */
  kioskId: string;
  kioskName: string;
  /** When this kiosk last found it active in the fleet. */
  fetchedAt: string;
}

/** What the fleet says of a key; this kiosk's counter and last use are its own and kept. */
export type FleetKeyCopy = Omit<CachedFleetKey, 'signCount' | 'lastUsedAt' | 'fetchedAt'>;

interface Row extends FacilitatorKeyRow {
  kiosk_id: string;
  kiosk_name: string;
  fetched_at: string;
}

const toKey = (row: Row): CachedFleetKey => ({
  ...toFacilitatorKeyRecord(row),
  kioskId: row.kiosk_id,
  kioskName: row.kiosk_name,
  fetchedAt: row.fetched_at,
});

/** fleet_key_cache: the copy of other kiosks' keys (never replicated: the rows are theirs). */
export class FleetKeyCacheRepository {
  private readonly sql: (sql: string) => Statement;

  constructor(private readonly db: Db) {
    this.sql = statementCache(db);
  }

  all(): CachedFleetKey[] {
    return (this.sql('SELECT * FROM fleet_key_cache ORDER BY created_at, id').all() as Row[]).map(toKey);
  }

  /**
   * Makes the copy what the fleet said at `fetchedAt`: keys not in `keys` go, the others are
   * stored with that time. Returns the ids of the keys that went.
   */
  replace(keys: readonly FleetKeyCopy[], fetchedAt: string): string[] {
    return this.db.transaction(() => {
      const keep = new Set(keys.map((key) => key.credentialId));
      const gone = this.all().filter((key) => !keep.has(key.credentialId));
      for (const key of gone) this.drop(key.credentialId);
      for (const key of keys) {
        this.sql(
          `INSERT INTO fleet_key_cache (credential_id, id, kiosk_id, kiosk_name, public_key, name, role, aaguid, key_model, created_at, created_by, fetched_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (credential_id) DO UPDATE SET id = excluded.id, kiosk_id = excluded.kiosk_id, kiosk_name = excluded.kiosk_name, public_key = excluded.public_key,
             name = excluded.name, role = excluded.role, aaguid = excluded.aaguid, key_model = excluded.key_model, created_at = excluded.created_at,
             created_by = excluded.created_by, fetched_at = excluded.fetched_at`,
        ).run(key.credentialId, key.id, key.kioskId, key.kioskName, key.publicKey, key.name, key.role, key.aaguid, key.keyModel, key.createdAt, key.createdBy, fetchedAt);
      }
      return gone.map((key) => key.id);
    })();
  }

  recordUse(credentialId: string, signCount: number, at: string): void {
    this.sql('UPDATE fleet_key_cache SET sign_count = ?, last_used_at = ? WHERE credential_id = ?').run(signCount, at, credentialId);
  }

  drop(credentialId: string): void {
    this.sql('DELETE FROM fleet_key_cache WHERE credential_id = ?').run(credentialId);
  }
}
