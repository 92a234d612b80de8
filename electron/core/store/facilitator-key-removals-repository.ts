import type { Statement } from 'better-sqlite3';
import type { Db } from './open-database';
import { statementCache } from './statement-cache';

export interface FacilitatorKeyRemoval {
  /** The key's id at the kiosk it was enrolled at. */
  keyId: string;
  credentialId: string;
  keyKioskId: string;
  removedAt: string;
  removedBy: string;
}

/** facilitator_key_removals: keys of other kiosks this kiosk removed (replicated, append-only). */
export class FacilitatorKeyRemovalsRepository {
  private readonly sql: (sql: string) => Statement;

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  insert(removal: FacilitatorKeyRemoval): void {
    this.sql('INSERT OR IGNORE INTO facilitator_key_removals (key_id, credential_id, key_kiosk_id, removed_at, removed_by) VALUES (?, ?, ?, ?, ?)').run(
      removal.keyId,
      removal.credentialId,
      removal.keyKioskId,
      removal.removedAt,
      removal.removedBy,
    );
  }

  credentialIds(): Set<string> {
    return new Set(this.sql('SELECT credential_id FROM facilitator_key_removals').pluck().all() as string[]);
  }
}
