import type { Statement } from 'better-sqlite3';
import type { FacilitatorRole } from '../../../shared/domain/access';
import type { Db } from './open-database';
import { statementCache } from './statement-cache';

export interface FacilitatorKeyRecord {
  id: string;
  /** base64url, as WebAuthn names it. */
  credentialId: string;
  /** The COSE public key, base64url: public data only. */
  publicKey: string;
  name: string;
  role: FacilitatorRole;
  aaguid: string;
  keyModel: string;
  signCount: number;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
}

/** A facilitator_keys row as SQLite gives it; fleet_key_cache rows share these columns. */
export interface FacilitatorKeyRow {
  id: string;
  credential_id: string;
  public_key: string;
  name: string;
  role: FacilitatorRole;
  aaguid: string;
  key_model: string;
  sign_count: number;
  created_at: string;
  created_by: string;
  last_used_at: string | null;
}

export const toFacilitatorKeyRecord = (row: FacilitatorKeyRow): FacilitatorKeyRecord => ({
  id: row.id,
  credentialId: row.credential_id,
  publicKey: row.public_key,
  name: row.name,
  role: row.role,
  aaguid: row.aaguid,
  keyModel: row.key_model,
  signCount: row.sign_count,
  createdAt: row.created_at,
  createdBy: row.created_by,
  lastUsedAt: row.last_used_at,
});

/** facilitator_keys and setup_codes: removed keys stay as rows (removed_at) for the audit trail. */
export class FacilitatorKeysRepository {
  private readonly sql: (sql: string) => Statement;

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  active(): FacilitatorKeyRecord[] {
    return (this.sql('SELECT * FROM facilitator_keys WHERE removed_at IS NULL ORDER BY created_at, id').all() as FacilitatorKeyRow[]).map(toFacilitatorKeyRecord);
  }

  byCredentialId(credentialId: string): FacilitatorKeyRecord | null {
    const row = this.sql('SELECT * FROM facilitator_keys WHERE credential_id = ? AND removed_at IS NULL').get(credentialId) as FacilitatorKeyRow | undefined;
    return row ? toFacilitatorKeyRecord(row) : null;
  }

  insert(record: FacilitatorKeyRecord): void {
    this.sql(
      `INSERT INTO facilitator_keys (id, credential_id, public_key, name, role, aaguid, key_model, sign_count, created_at, created_by, last_used_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(record.id, record.credentialId, record.publicKey, record.name, record.role, record.aaguid, record.keyModel, record.signCount, record.createdAt, record.createdBy, record.lastUsedAt);
  }

  recordUse(id: string, signCount: number, at: string): void {
    this.sql('UPDATE facilitator_keys SET sign_count = ?, last_used_at = ? WHERE id = ?').run(signCount, at, id);
  }

  remove(id: string, at: string): boolean {
    return this.sql('UPDATE facilitator_keys SET removed_at = ? WHERE id = ? AND removed_at IS NULL').run(at, id).changes === 1;
  }

  /** Unused command codes are replaced: only the newest printed code works. */
  addSetupCode(codeHash: string, source: 'command' | 'config', at: string, expiresAt: string | null): void {
    if (source === 'command') this.sql("DELETE FROM setup_codes WHERE source = 'command' AND used_at IS NULL").run();
    this.sql('INSERT OR IGNORE INTO setup_codes (code_hash, source, created_at, expires_at) VALUES (?, ?, ?, ?)').run(codeHash, source, at, expiresAt);
  }

  /** True when the code is known, unused and unexpired; marks nothing. */
  setupCodeUsable(codeHash: string, at: string): boolean {
    return this.sql('SELECT 1 FROM setup_codes WHERE code_hash = ? AND used_at IS NULL AND (expires_at IS NULL OR expires_at > ?)').get(codeHash, at) !== undefined;
  }

  /** Marks the code used when it is known, unused and unexpired; true when it was. */
  useSetupCode(codeHash: string, at: string): boolean {
    return (
      this.sql('UPDATE setup_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND (expires_at IS NULL OR expires_at > ?)').run(at, codeHash, at).changes === 1
    );
  }

  setupCodeUsed(codeHash: string): boolean {
    return this.sql('SELECT 1 FROM setup_codes WHERE code_hash = ? AND used_at IS NOT NULL').get(codeHash) !== undefined;
  }
}
