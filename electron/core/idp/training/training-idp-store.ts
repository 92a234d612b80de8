import type { Statement } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../store/open-database';
import { statementCache } from '../../store/statement-cache';

/** A passkey, backup key or set of recovery codes the training IdP lists for a person. */
export interface TrainingAuthenticator {
  id: string;
  type: 'passkey' | 'securityKey' | 'recoveryCodes';
  name: string;
  createdAt: string;
  aaguid: string | null;
  credentialId: string | null;
  /** SHA-512 (base64) of each recovery code. */
  codeHashes: string[] | null;
  /** The outbox item that made it, so a replay finds it. */
  idempotencyKey: string | null;
}

/** An enrolment link for the phone passkey, as the enrolment page needs it. */
export interface TrainingInvitation {
  user: { id: string; displayName: string; username: string };
  excludeCredentialIds: string[];
  /** Epoch milliseconds. */
  expiresAt: number;
  challenge: string | null;
  used: boolean;
}

interface AuthenticatorRow {
  id: string;
  type: TrainingAuthenticator['type'];
  name: string;
  created_at: string;
  aaguid: string | null;
  credential_id: string | null;
  code_hashes: string | null;
  idempotency_key: string | null;
}

interface LinkRow {
  user_id: string;
  display_name: string;
  username: string;
  exclude_credential_ids: string;
  expires_at: number;
  challenge: string | null;
  used: number;
}

const stringList = z.array(z.string());

const toAuthenticator = (row: AuthenticatorRow): TrainingAuthenticator => ({
  id: row.id,
  type: row.type,
  name: row.name,
  createdAt: row.created_at,
  aaguid: row.aaguid,
  credentialId: row.credential_id,
  codeHashes: row.code_hashes === null ? null : stringList.parse(JSON.parse(row.code_hashes)),
  idempotencyKey: row.idempotency_key,
});

/** Links are looked up by a hash of their token: whoever reads the database cannot open one. */
const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('base64url');

/**
 * The training IdP's own records in the kiosk's SQLite file (training_idp_* tables): what a
 * real IdP would keep in its database, so a restart forgets nothing the attendee enrolled.
 */
export class TrainingIdpStore {
  private readonly sql: (sql: string) => Statement;

  constructor(private readonly db: Db) {
    this.sql = statementCache(db);
  }

  /** Runs `work` in one transaction: a link is used up together with the passkey it registered. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** A person's authenticators in the order they were added. */
  list(userId: string): TrainingAuthenticator[] {
    return (this.sql('SELECT * FROM training_idp_authenticators WHERE user_id = ? ORDER BY seq').all(userId) as AuthenticatorRow[]).map(toAuthenticator);
  }

  byIdempotencyKey(userId: string, idempotencyKey: string): TrainingAuthenticator | null {
    const row = this.sql('SELECT * FROM training_idp_authenticators WHERE user_id = ? AND idempotency_key = ?').get(userId, idempotencyKey) as AuthenticatorRow | undefined;
    return row ? toAuthenticator(row) : null;
  }

  add(userId: string, authenticator: TrainingAuthenticator): void {
    const a = authenticator;
    this.sql(
      `INSERT INTO training_idp_authenticators (id, user_id, type, name, created_at, aaguid, credential_id, code_hashes, idempotency_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(a.id, userId, a.type, a.name, a.createdAt, a.aaguid, a.credentialId, a.codeHashes === null ? null : JSON.stringify(a.codeHashes), a.idempotencyKey);
  }

  /** New recovery codes replace the person's old ones, in one transaction. */
  replaceRecoveryCodes(userId: string, codes: TrainingAuthenticator): void {
    this.transaction(() => {
      this.sql("DELETE FROM training_idp_authenticators WHERE user_id = ? AND type = 'recoveryCodes'").run(userId);
      this.add(userId, codes);
    });
  }

  remove(userId: string, authenticatorId: string): void {
    this.sql('DELETE FROM training_idp_authenticators WHERE user_id = ? AND id = ?').run(userId, authenticatorId);
  }

  /** A new link for a person; their earlier links stop working. */
  replaceInvitation(token: string, invitation: TrainingInvitation): void {
    const { user } = invitation;
    this.transaction(() => {
      this.sql('DELETE FROM training_idp_links WHERE user_id = ?').run(user.id);
      this.sql(
        `INSERT INTO training_idp_links (token_hash, user_id, display_name, username, exclude_credential_ids, expires_at, challenge, used)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(tokenHash(token), user.id, user.displayName, user.username, JSON.stringify(invitation.excludeCredentialIds), invitation.expiresAt, invitation.challenge, invitation.used ? 1 : 0);
    });
  }

  invitation(token: string): TrainingInvitation | null {
    const row = this.sql('SELECT * FROM training_idp_links WHERE token_hash = ?').get(tokenHash(token)) as LinkRow | undefined;
    if (!row) return null;
    return {
      user: { id: row.user_id, displayName: row.display_name, username: row.username },
      excludeCredentialIds: stringList.parse(JSON.parse(row.exclude_credential_ids)),
      expiresAt: row.expires_at,
      challenge: row.challenge,
      used: row.used === 1,
    };
  }

  /** Whether any link is still unused and unexpired at `now` (epoch milliseconds). */
  hasOpenInvitation(now: number): boolean {
    return this.sql('SELECT 1 FROM training_idp_links WHERE used = 0 AND expires_at > ? LIMIT 1').get(now) !== undefined;
  }

  setChallenge(token: string, challenge: string): void {
    this.sql('UPDATE training_idp_links SET challenge = ? WHERE token_hash = ?').run(challenge, tokenHash(token));
  }

  markUsed(token: string): void {
    this.sql('UPDATE training_idp_links SET used = 1 WHERE token_hash = ?').run(tokenHash(token));
  }

  /** The port the enrolment page listened on last, to listen on again. */
  sitePort(): number | null {
    const row = this.sql('SELECT port FROM training_idp_site WHERE id = 1').get() as { port: number } | undefined;
    return row?.port ?? null;
  }

  setSitePort(port: number): void {
    this.sql('INSERT INTO training_idp_site (id, port) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET port = excluded.port').run(port);
  }
}
