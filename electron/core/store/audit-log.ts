import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from './open-database';
import { statementCache } from './statement-cache';
import { message, type Message } from '../../../shared/contract/messages';
import { canonicalJson } from './canonical-json';

/** The previous hash of the first event a kiosk ever writes. */
export const AUDIT_GENESIS = '0'.repeat(64);

export interface AuditEvent {
  actor: string;
  action: string;
  subject: string | null;
  /** Never PINs, recovery codes, tokens or keys: the audit log is read by people. */
  data: Record<string, unknown>;
}

export interface AuditRow extends AuditEvent {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  events: number;
  firstBadSeq: number | null;
  problem: Message | null;
}

/** A range of the chain as exported: it starts after the event whose hash is `prevHash`. */
export interface AuditRange {
  firstSeq: number;
  prevHash: string;
  rows: AuditRow[];
}

/** The hash an event carries: over the previous event's hash and the event's canonical JSON. */
export function hashEvent(prevHash: string, seq: number, at: string, event: AuditEvent): string {
  const canonical = canonicalJson({ seq, at, actor: event.actor, action: event.action, subject: event.subject, data: event.data });
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** The append-only, hash-chained audit log: each row commits to the one before it. */
export class AuditLog {
  private readonly sql: (sql: string) => Statement;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.sql = statementCache(db);
  }

  /** Appends one event; call inside the transaction that makes the change it records. */
  append(event: AuditEvent): AuditRow {
    const last = this.sql('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? AUDIT_GENESIS;
    const at = this.now().toISOString();
    const hash = hashEvent(prevHash, seq, at, event);
    this
      .sql('INSERT INTO audit_log (seq, at, actor, action, subject, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(seq, at, event.actor, event.action, event.subject, canonicalJson(event.data), prevHash, hash);
    return { ...event, seq, at, prevHash, hash };
  }

  list(limit = 1000): AuditRow[] {
    const rows = this.sql('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?').all(limit) as RawRow[];
    return rows.map(fromRaw);
  }

  /**
   * The events written from `from` (inclusive) to `to` (exclusive), as one unbroken stretch of
   * the chain: from the first to the last event in the range by time, every event between them
   * by seq (a clock set back while running cannot leave a hole a verifier would take for a
   * deletion), with the hash of the event before the first.
   */
  range(from: string, to: string): AuditRange {
    const bounds = this.sql('SELECT MIN(seq) AS first, MAX(seq) AS last FROM audit_log WHERE at >= ? AND at < ?').get(from, to) as { first: number | null; last: number | null };
    // An empty range still says where in the chain it lies: after the last event before it.
    const firstSeq = bounds.first ?? ((this.sql('SELECT MAX(seq) AS seq FROM audit_log WHERE at < ?').get(from) as { seq: number | null }).seq ?? 0) + 1;
    const prev = this.sql('SELECT hash FROM audit_log WHERE seq = ?').get(firstSeq - 1) as { hash: string } | undefined;
    const rows = bounds.last === null ? [] : (this.sql('SELECT * FROM audit_log WHERE seq BETWEEN ? AND ? ORDER BY seq').all(firstSeq, bounds.last) as RawRow[]).map(fromRaw);
    return { firstSeq, prevHash: prev?.hash ?? AUDIT_GENESIS, rows };
  }

  /** Walks the chain from the first row; an edited, inserted or deleted row breaks it. */
  verify(): AuditVerification {
    return verifyAuditChain(this.sql('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<RawRow>);
  }
}

/**
 * Walks one kiosk's chain in seq order, wherever its rows are kept (the kiosk's file, or the
 * fleet's copy of them): an edited, inserted or deleted row breaks it.
 */
export function verifyAuditChain(rows: Iterable<RawRow>): AuditVerification {
  let prevHash = AUDIT_GENESIS;
  let expectedSeq = 1;
  let count = 0;
  for (const raw of rows) {
    const row = fromRaw(raw);
    count += 1;
    if (row.seq !== expectedSeq) {
      return { ok: false, events: count, firstBadSeq: expectedSeq, problem: message('audit.eventMissing', { seq: expectedSeq, next: row.seq }) };
    }
    if (row.prevHash !== prevHash) {
      return { ok: false, events: count, firstBadSeq: row.seq, problem: message('audit.chainBroken', { seq: row.seq }) };
    }
    if (hashEvent(prevHash, row.seq, row.at, row) !== row.hash) {
      return { ok: false, events: count, firstBadSeq: row.seq, problem: message('audit.eventChanged', { seq: row.seq }) };
    }
    prevHash = row.hash;
    expectedSeq += 1;
  }
  return { ok: true, events: count, firstBadSeq: null, problem: null };
}

/** An audit row as stored: data is the canonical JSON text the hash was made of. */
export interface RawRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

function fromRaw(raw: RawRow): AuditRow {
  return {
    seq: raw.seq,
    at: raw.at,
    actor: raw.actor,
    action: raw.action,
    subject: raw.subject,
    data: JSON.parse(raw.data) as Record<string, unknown>,
    prevHash: raw.prev_hash,
    hash: raw.hash,
  };
}
