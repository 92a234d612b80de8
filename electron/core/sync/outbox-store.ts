import type { Statement } from 'better-sqlite3';
import { KioskError } from '../../../shared/contract/errors';
import { message, messageSchema, type Message } from '../../../shared/contract/messages';
import type { Clock } from '../ports/clock';
import type { AuditLog } from '../store/audit-log';
import type { Db } from '../store/open-database';
import { statementCache } from '../store/statement-cache';
import type { EnqueueInput, OutboxItem, OutboxPayload, OutboxState, OutboxSummary } from './outbox-types';
import { assertPayloadHasNoSecrets } from './payload-guard';

/** Who the audit log names for what the worker does by itself. */
export const WORKER_ACTOR = 'sync-worker';
const MAX_TEXT = 1000;

interface Row {
  id: number;
  idempotency_key: string;
  subject_key: string;
  kind: string;
  payload: string;
  state: OutboxState;
  attempts: number;
  attempts_at_operator_retry: number;
  uncertain: number;
  next_attempt_at: number;
  last_error_code: string | null;
  last_error_params: string | null;
  idp_message: string | null;
  created_at: number;
  updated_at: number;
}

function fromRow(row: Row): OutboxItem {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    subjectKey: row.subject_key,
    kind: row.kind,
    payload: JSON.parse(row.payload) as OutboxPayload,
    state: row.state,
    attempts: row.attempts,
    attemptsSinceOperatorRetry: row.attempts - row.attempts_at_operator_retry,
    uncertain: row.uncertain === 1,
    nextAttemptAt: row.next_attempt_at,
    lastError: storedMessage(row.last_error_code, row.last_error_params),
    idpMessage: row.idp_message,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const trim = (text: string | null): string | null => (text === null ? null : text.slice(0, MAX_TEXT));

/** A message's parameters as stored: each text value trimmed, so one long value cannot grow the row. */
function storedParams(said: Message): string {
  return JSON.stringify(Object.fromEntries(Object.entries(said.params).map(([name, value]) => [name, typeof value === 'string' ? trim(value) : value])));
}

/** A code this version no longer knows is shown as what it was, not dropped. */
function storedMessage(code: string | null, params: string | null): Message | null {
  if (code === null) return null;
  const parsed = messageSchema.safeParse({ reason: code, params: JSON.parse(params ?? '{}') as unknown });
  return parsed.success ? parsed.data : message('outbox.earlierError', { text: code });
}

/**
 * An item may go out when it is queued, due, and no earlier item of the same subject is
 * still unfinished (queued, sending or parked): per-attendee order survives retries and parks.
 */
const ELIGIBLE = `
  o.state = 'queued'
  AND o.kind IN (SELECT value FROM json_each(@kinds))
  AND NOT EXISTS (
    SELECT 1 FROM outbox p
    WHERE p.subject_key = o.subject_key AND p.id < o.id AND p.state IN ('queued', 'sending', 'parked')
  )`;

/**
 * The outbox table: every state change is committed before anyone hears of it; the worker
 * groups the changes it makes at one moment into one commit (see `atomically`).
 */
export class OutboxStore {
  /** The worker runs the same few statements for every item: prepare each once. */
  private readonly sql: (sql: string) => Statement;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  /**
   * Runs `changes` as one transaction: with synchronous=FULL each commit waits for the disk,
   * so the worker records several items' outcomes and takes the next items in one commit
   * instead of one per transition. The methods below nest inside it (as savepoints).
   */
  atomically<T>(changes: () => T): T {
    return this.db.transaction(changes).immediate();
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  /**
   * Commits the item and its idempotency key; nothing has touched the network yet. A repeated
   * key returns the item already stored, so a retried UI action never enqueues twice.
   */
  enqueue(input: EnqueueInput): { item: OutboxItem; created: boolean } {
    for (const [field, value] of [['idempotencyKey', input.idempotencyKey], ['subjectKey', input.subjectKey], ['kind', input.kind]] as const) {
      if (typeof value !== 'string' || value.length === 0 || value.length > 300) {
        throw new KioskError('invalid_input', message('outbox.badField', { property: field }), { field });
      }
    }
    assertPayloadHasNoSecrets(input.payload);
    const payload = JSON.stringify(input.payload);
    const now = this.now();
    return this.db.transaction(() => {
      const inserted = this.sql(
        `INSERT INTO outbox (idempotency_key, subject_key, kind, payload, state, attempts, uncertain, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'queued', 0, 0, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
      ).run(input.idempotencyKey, input.subjectKey, input.kind, payload, now, now, now);
      const row = this.sql('SELECT * FROM outbox WHERE idempotency_key = ?').get(input.idempotencyKey) as Row;
      return { item: fromRow(row), created: inserted.changes === 1 };
    }).immediate();
  }

  get(id: number): OutboxItem | null {
    const row = this.sql('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  byIdempotencyKey(key: string): OutboxItem | null {
    const row = this.sql('SELECT * FROM outbox WHERE idempotency_key = ?').get(key) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** Items that may be sent now, oldest due first. */
  listDue(kinds: readonly string[], limit: number): OutboxItem[] {
    const rows = this.sql(`SELECT * FROM outbox o WHERE ${ELIGIBLE} AND o.next_attempt_at <= @now ORDER BY o.next_attempt_at, o.id LIMIT @limit`).all({ kinds: JSON.stringify(kinds), now: this.now(), limit }) as Row[];
    return rows.map(fromRow);
  }

  /** When the next item not blocked by ordering becomes due; null when none waits. */
  nextDueAt(kinds: readonly string[]): number | null {
    const row = this.sql(`SELECT MIN(o.next_attempt_at) AS at FROM outbox o WHERE ${ELIGIBLE}`).get({ kinds: JSON.stringify(kinds) }) as { at: number | null };
    return row.at;
  }

  /**
   * Items left 'sending' by a process that died mid-call were maybe sent: they go back to the
   * queue marked uncertain, so the next attempt reconciles with the IdP before re-sending.
   */
  recoverInterrupted(): number {
    return this.sql(`UPDATE outbox SET state = 'queued', uncertain = 1, next_attempt_at = @now, updated_at = @now WHERE state = 'sending'`).run({ now: this.now() }).changes;
  }

  /** Committed before the network call; null when another path took the item first. */
  markSending(id: number): OutboxItem | null {
    const row = this.sql(`UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'queued' RETURNING *`).get(this.now(), id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** Up to `limit` due items marked 'sending' in one commit, ready for their network calls. */
  takeDue(kinds: readonly string[], limit: number): OutboxItem[] {
    return this.atomically(() =>
      this.listDue(kinds, limit)
        .map((item) => this.markSending(item.id))
        .filter((item): item is OutboxItem => item !== null),
    );
  }

  markDone(id: number, how: 'sent' | 'reconciled'): OutboxItem {
    return this.db.transaction(() => {
      const item = this.mustBe(id, ['sending']);
      this.sql(`UPDATE outbox SET state = 'done', last_error_code = NULL, last_error_params = NULL, idp_message = NULL, updated_at = ? WHERE id = ?`).run(this.now(), id);
      this.audit.append({ actor: WORKER_ACTOR, action: 'outbox.synced', subject: item.subjectKey, data: { itemId: id, kind: item.kind, attempts: item.attempts, how } });
      return this.mustBe(id, ['done']);
    }).immediate();
  }

  markRetry(id: number, next: { at: number; error: Message; idpMessage: string | null; uncertain: boolean }): OutboxItem {
    this.sql(
      `UPDATE outbox SET state = 'queued', next_attempt_at = ?, last_error_code = ?, last_error_params = ?, idp_message = ?, uncertain = MAX(uncertain, ?), updated_at = ?
       WHERE id = ? AND state = 'sending'`,
    ).run(next.at, next.error.reason, storedParams(next.error), trim(next.idpMessage), next.uncertain ? 1 : 0, this.now(), id);
    return this.mustBe(id, ['queued', 'sending']);
  }

  /** `uncertain`: the call may have landed (e.g. a 200 with a broken body), so a retry reconciles first. */
  markParked(id: number, park: { reason: Message; idpMessage: string | null; uncertain: boolean }): OutboxItem {
    const { reason, idpMessage } = park;
    return this.db.transaction(() => {
      const item = this.mustBe(id, ['sending']);
      this.sql(`UPDATE outbox SET state = 'parked', last_error_code = ?, last_error_params = ?, idp_message = ?, uncertain = MAX(uncertain, ?), updated_at = ? WHERE id = ?`).run(
        reason.reason,
        storedParams(reason),
        trim(idpMessage),
        park.uncertain ? 1 : 0,
        this.now(),
        id,
      );
      this.audit.append({ actor: WORKER_ACTOR, action: 'outbox.parked', subject: item.subjectKey, data: { itemId: id, kind: item.kind, attempts: item.attempts, reason } });
      return this.mustBe(id, ['parked']);
    }).immediate();
  }

  /**
   * An operator sends a parked item again; recorded with their name. It gets a fresh start:
   * the backoff counts attempts from here, while the total stays in `attempts`.
   */
  retryByOperator(id: number, operator: string): OutboxItem {
    return this.db.transaction(() => {
      const item = this.mustBe(id, ['parked']);
      this.sql(`UPDATE outbox SET state = 'queued', next_attempt_at = @now, attempts_at_operator_retry = attempts, updated_at = @now WHERE id = @id`).run({ now: this.now(), id });
      this.audit.append({ actor: operator, action: 'outbox.retry', subject: item.subjectKey, data: { itemId: id, kind: item.kind, attempts: item.attempts, lastError: item.lastError } });
      return this.mustBe(id, ['queued']);
    }).immediate();
  }

  /** An operator gives up on an item that is parked or still waiting; recorded with their name. */
  discardByOperator(id: number, operator: string, reason: string): OutboxItem {
    return this.db.transaction(() => {
      const item = this.mustBe(id, ['parked', 'queued']);
      const discarded = message('outbox.discarded', { operator, reason: trim(reason) ?? '' });
      this.sql(`UPDATE outbox SET state = 'discarded', last_error_code = ?, last_error_params = ?, updated_at = ? WHERE id = ?`).run(discarded.reason, storedParams(discarded), this.now(), id);
      this.audit.append({ actor: operator, action: 'outbox.discard', subject: item.subjectKey, data: { itemId: id, kind: item.kind, reason, lastError: item.lastError } });
      return this.mustBe(id, ['discarded']);
    }).immediate();
  }

  /** Items of one subject (an attendee) that have not reached the IdP yet: queued, sending or parked. */
  undeliveredFor(subjectKey: string): number {
    return (this.sql(`SELECT COUNT(*) AS n FROM outbox WHERE subject_key = ? AND state IN ('queued', 'sending', 'parked')`).get(subjectKey) as { n: number }).n;
  }

  listParked(limit = 500): OutboxItem[] {
    return (this.sql(`SELECT * FROM outbox WHERE state = 'parked' ORDER BY id LIMIT ?`).all(limit) as Row[]).map(fromRow);
  }

  summary(): OutboxSummary {
    const counts = Object.fromEntries(
      (this.sql('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all() as { state: OutboxState; n: number }[]).map((r) => [r.state, r.n]),
    ) as Partial<Record<OutboxState, number>>;
    const pending = this.sql(`SELECT MIN(created_at) AS oldest, MIN(next_attempt_at) AS next FROM outbox WHERE state IN ('queued', 'sending')`).get() as { oldest: number | null; next: number | null };
    const lastSuccess = this.sql(`SELECT MAX(updated_at) AS at FROM outbox WHERE state = 'done'`).get() as { at: number | null };
    const lastError = this.sql(
      `SELECT last_error_code, last_error_params FROM outbox WHERE state IN ('queued', 'parked') AND last_error_code IS NOT NULL ORDER BY updated_at DESC LIMIT 1`,
    ).get() as Pick<Row, 'last_error_code' | 'last_error_params'> | undefined;
    return {
      pending: (counts.queued ?? 0) + (counts.sending ?? 0),
      sending: counts.sending ?? 0,
      parked: counts.parked ?? 0,
      done: counts.done ?? 0,
      discarded: counts.discarded ?? 0,
      oldestPendingAt: pending.oldest,
      lastSuccessAt: lastSuccess.at,
      nextAttemptAt: pending.next,
      lastError: lastError ? storedMessage(lastError.last_error_code, lastError.last_error_params) : null,
    };
  }

  private mustBe(id: number, states: readonly OutboxState[]): OutboxItem {
    const item = this.get(id);
    if (!item) throw new KioskError('outbox_item_missing', message('outbox.itemMissing', { id }), { itemId: id });
    if (!states.includes(item.state)) {
      throw new KioskError('conflict', message('outbox.movedOn', { id }), { itemId: id, state: item.state, needed: states });
    }
    return item;
  }
}
