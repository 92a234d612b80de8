import type { Statement } from 'better-sqlite3';
import type { Envelope, EnvelopeHistoryEntry, EnvelopeState } from '../../../shared/domain/custody';
import { tallyEnvelopeCounts, type EnvelopeCounts } from './envelope-counts';
import type { Db } from './open-database';
import { statementCache } from './statement-cache';

interface EnvelopeRow {
  id: string;
  code: string;
  seal_number: string;
  session_id: string;
  attendee_id: string;
  key_model: string | null;
  fingerprint: string;
  state: EnvelopeState;
  created_at: string;
  updated_at: string;
  label_prints: number;
  label_printed_at: string | null;
}

interface EventRow {
  action: EnvelopeHistoryEntry['action'];
  from_state: EnvelopeState | null;
  to_state: EnvelopeState;
  actor: string;
  at: string;
  note: string | null;
}

function fromRow(row: EnvelopeRow): Envelope {
  return {
    id: row.id,
    code: row.code,
    sealNumber: row.seal_number,
    sessionId: row.session_id,
    attendeeId: row.attendee_id,
    keyModel: row.key_model,
    fingerprint: row.fingerprint,
    state: row.state,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    labelPrints: row.label_prints,
    labelPrintedAt: row.label_printed_at,
  };
}

export interface EnvelopeFilter {
  state?: EnvelopeState;
  /** true: only envelopes whose label is missing; false: only those with one (shared/domain/custody.ts labelMissing). */
  labelMissing?: boolean;
  sessionId?: string;
}

/** labelMissing() of shared/domain/custody.ts, in SQL. */
const LABEL_MISSING = "(label_printed_at IS NULL AND state <> 'destroyed')";

/** The envelopes table and its append-only history, envelope_events. */
export class EnvelopesRepository {
  private readonly sql: (sql: string) => Statement;

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  /** `sealKey`: the seal number as it is looked up and kept unique (custody/seal-numbers.ts). */
  insert(envelope: Envelope, sealKey: string): void {
    this
      .sql(
        `INSERT INTO envelopes (id, code, seal_number, seal_key, session_id, attendee_id, key_model, fingerprint, state, created_at, updated_at, label_prints, label_printed_at)
         VALUES (@id, @code, @sealNumber, @sealKey, @sessionId, @attendeeId, @keyModel, @fingerprint, @state, @createdAt, @updatedAt, @labelPrints, @labelPrintedAt)`,
      )
      .run({ ...envelope, sealKey });
  }

  byId(id: string): Envelope | null {
    return this.one('SELECT * FROM envelopes WHERE id = ?', id);
  }

  byCode(code: string): Envelope | null {
    return this.one('SELECT * FROM envelopes WHERE code = ?', code);
  }

  bySealKey(sealKey: string): Envelope | null {
    return this.one('SELECT * FROM envelopes WHERE seal_key = ?', sealKey);
  }

  /** The credential's envelope in custody: a key returned or destroyed may be sealed again in a new one. */
  byCredential(attendeeId: string, fingerprint: string): Envelope | null {
    return this.one("SELECT * FROM envelopes WHERE attendee_id = ? AND fingerprint = ? AND state NOT IN ('returned', 'destroyed')", attendeeId, fingerprint);
  }

  /**
   * A person's envelopes, newest first. Envelopes point at a roster attendee, so each attendee
   * whose badge equals `badgeId`, or whose email equals `email` ignoring case (as the IdPs
   * compare them), is the person, in whichever session.
   */
  byOwner(owner: { badgeId: string | null; email: string | null }): Envelope[] {
    const rows = this
      .sql(
        `SELECT e.* FROM envelopes e JOIN roster_entries r ON r.id = e.attendee_id
         WHERE (@badge IS NOT NULL AND r.badge_id = @badge) OR (@email IS NOT NULL AND lower(r.email) = lower(@email))
         ORDER BY e.created_at DESC, e.rowid DESC`,
      )
      .all({ badge: owner.badgeId, email: owner.email }) as EnvelopeRow[];
    return rows.map(fromRow);
  }

  setState(id: string, state: EnvelopeState, at: string): void {
    this.sql('UPDATE envelopes SET state = ?, updated_at = ? WHERE id = ?').run(state, at, id);
  }

  /** The envelope's first label printed. */
  labelPrinted(id: string, at: string): void {
    this.sql('UPDATE envelopes SET label_printed_at = ?, updated_at = ? WHERE id = ?').run(at, at, id);
  }

  /** A label printed again: the next print number. */
  countReprint(id: string, at: string): void {
    this.sql('UPDATE envelopes SET label_prints = label_prints + 1, label_printed_at = ?, updated_at = ? WHERE id = ?').run(at, at, id);
  }

  /** Newest first; a missing filter field means any. */
  list(filter: EnvelopeFilter): Envelope[] {
    const missing = filter.labelMissing === undefined ? null : Number(filter.labelMissing);
    const rows = this
      .sql(
        `SELECT * FROM envelopes WHERE (@state IS NULL OR state = @state) AND (@missing IS NULL OR ${LABEL_MISSING} = @missing)
         AND (@sessionId IS NULL OR session_id = @sessionId) ORDER BY created_at DESC, rowid DESC`,
      )
      .all({ state: filter.state ?? null, missing, sessionId: filter.sessionId ?? null }) as EnvelopeRow[];
    return rows.map(fromRow);
  }

  /** Envelopes per state, and those with their label missing apart: each envelope counts once. */
  counts(sessionId: string | null): EnvelopeCounts {
    const rows = this
      .sql(`SELECT state, ${LABEL_MISSING} AS missing, COUNT(*) AS n FROM envelopes WHERE (@sessionId IS NULL OR session_id = @sessionId) GROUP BY 1, 2`)
      .all({ sessionId }) as { state: EnvelopeState; missing: 0 | 1; n: number }[];
    return tallyEnvelopeCounts(rows);
  }

  /** Each session that has envelopes, with how many, newest session first. */
  sessionsWithEnvelopes(): { sessionId: string; envelopes: number }[] {
    return this
      .sql('SELECT e.session_id AS sessionId, COUNT(*) AS envelopes FROM envelopes e JOIN sessions s ON s.id = e.session_id GROUP BY e.session_id ORDER BY s.started_at DESC')
      .all() as { sessionId: string; envelopes: number }[];
  }

  addEvent(envelopeId: string, entry: EnvelopeHistoryEntry): void {
    this
      .sql('INSERT INTO envelope_events (envelope_id, action, from_state, to_state, actor, at, note) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(envelopeId, entry.action, entry.from, entry.to, entry.actor, entry.at, entry.note);
  }

  /** Oldest first: the order the envelope went through hands. */
  history(envelopeId: string): EnvelopeHistoryEntry[] {
    const rows = this.sql('SELECT * FROM envelope_events WHERE envelope_id = ? ORDER BY id').all(envelopeId) as EventRow[];
    return rows.map((row) => ({ action: row.action, from: row.from_state, to: row.to_state, actor: row.actor, at: row.at, note: row.note }));
  }

  private one(query: string, ...params: string[]): Envelope | null {
    const row = this.sql(query).get(...params) as EnvelopeRow | undefined;
    return row ? fromRow(row) : null;
  }
}
