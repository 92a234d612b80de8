import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/open-database';
import { statementCache } from '../store/statement-cache';

/** A replicated table: how its changed rows are read by their fleet_changes key, and where they go. */
interface TableFeed {
  /** Reads the rows named by keys (missing ones are skipped). */
  read: string;
  /** The fleet table the rows become. */
  target: string;
  /** Columns of the row's key in the fleet table, besides kiosk_id. */
  key: readonly string[];
  /** Rows never change once written: a replay is ignored. */
  appendOnly: boolean;
  /** The SQLite row as the fleet table's columns (without kiosk_id). */
  toFleet(row: Record<string, unknown>, site: string): Record<string, unknown>;
}

const bool = (value: unknown) => value === 1 || value === true;

const feeds: Record<string, TableFeed> = {
  sessions: {
    read: 'SELECT * FROM sessions WHERE id IN (SELECT value FROM json_each(?))',
    target: 'fleet.sessions',
    key: ['local_id'],
    appendOnly: false,
    toFleet: (r, site) => ({
      local_id: r['id'],
      department: r['department'],
      facilitator: r['facilitator'],
      room: r['room'],
      site,
      planned_minutes: r['planned_minutes'],
      status: r['status'],
      started_at: r['started_at'],
      ended_at: r['ended_at'],
      training: bool(r['training']),
    }),
  },
  roster_entries: {
    read: 'SELECT * FROM roster_entries WHERE id IN (SELECT value FROM json_each(?))',
    target: 'fleet.attendees',
    key: ['local_id'],
    appendOnly: false,
    toFleet: (r) => ({
      local_id: r['id'],
      session_local_id: r['session_id'],
      badge_id: r['badge_id'],
      given_name: r['given_name'],
      family_name: r['family_name'],
      email: r['email'],
      department: r['department'],
      manager: r['manager'],
      position: r['position'],
    }),
  },
  attendee_steps: {
    read: "SELECT * FROM attendee_steps WHERE attendee_id || char(31) || step IN (SELECT value FROM json_each(?))",
    target: 'fleet.attendee_steps',
    key: ['attendee_local_id', 'step'],
    appendOnly: false,
    toFleet: (r) => ({
      attendee_local_id: r['attendee_id'],
      step: r['step'],
      status: r['status'],
      reason_code: r['reason_code'],
      reason_note: r['reason_note'],
      updated_at: r['updated_at'],
    }),
  },
  identity_checks: {
    read: 'SELECT * FROM identity_checks WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))',
    target: 'fleet.identity_checks',
    key: ['local_id'],
    appendOnly: false,
    toFleet: (r) => ({
      local_id: r['id'],
      attendee_local_id: r['attendee_id'],
      decision: r['decision'],
      face_confirmed: bool(r['face_confirmed']),
      second_signal: r['second_signal'],
      reason: r['reason'],
      facilitator: r['facilitator'],
      decided_at: r['decided_at'],
    }),
  },
  envelopes: {
    read: 'SELECT * FROM envelopes WHERE id IN (SELECT value FROM json_each(?))',
    target: 'fleet.envelopes',
    key: ['local_id'],
    appendOnly: false,
    toFleet: (r) => ({
      local_id: r['id'],
      code: r['code'],
      seal_number: r['seal_number'],
      seal_key: r['seal_key'],
      session_local_id: r['session_id'],
      attendee_local_id: r['attendee_id'],
      key_model: r['key_model'],
      fingerprint: r['fingerprint'],
      state: r['state'],
      created_at: r['created_at'],
      updated_at: r['updated_at'],
      label_prints: r['label_prints'],
      label_printed_at: r['label_printed_at'],
    }),
  },
  envelope_events: {
    read: 'SELECT * FROM envelope_events WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))',
    target: 'fleet.envelope_events',
    key: ['local_id'],
    appendOnly: true,
    toFleet: (r) => ({
      local_id: r['id'],
      envelope_local_id: r['envelope_id'],
      action: r['action'],
      from_state: r['from_state'],
      to_state: r['to_state'],
      actor: r['actor'],
      at: r['at'],
      note: r['note'],
    }),
  },
  audit_log: {
    read: 'SELECT * FROM audit_log WHERE seq IN (SELECT CAST(value AS INTEGER) FROM json_each(?))',
    target: 'fleet.audit_events',
    key: ['seq'],
    appendOnly: true,
    toFleet: (r) => ({
      seq: r['seq'],
      at: r['at'],
      actor: r['actor'],
      action: r['action'],
      subject: r['subject'],
      data: r['data'],
      prev_hash: r['prev_hash'],
      hash: r['hash'],
    }),
  },
  facilitator_keys: {
    read: 'SELECT * FROM facilitator_keys WHERE id IN (SELECT value FROM json_each(?))',
    target: 'fleet.facilitator_keys',
    key: ['local_id'],
    appendOnly: false,
    toFleet: (r) => ({
      local_id: r['id'],
      credential_id: r['credential_id'],
      public_key: r['public_key'],
      name: r['name'],
      role: r['role'],
      aaguid: r['aaguid'],
      key_model: r['key_model'],
      created_at: r['created_at'],
      created_by: r['created_by'],
      removed_at: r['removed_at'],
    }),
  },
  facilitator_key_removals: {
    read: 'SELECT * FROM facilitator_key_removals WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))',
    target: 'fleet.facilitator_key_removals',
    key: ['local_id'],
    appendOnly: true,
    toFleet: (r) => ({
      local_id: r['id'],
      key_local_id: r['key_id'],
      credential_id: r['credential_id'],
      key_kiosk_id: r['key_kiosk_id'],
      removed_at: r['removed_at'],
      removed_by: r['removed_by'],
    }),
  },
};

/** Replicated tables in the order a batch writes them (parents first, for a reader's sake). */
export const replicatedTableOrder = Object.keys(feeds);

/** The rows one batch carries to one fleet table. */
export interface FleetRows {
  target: string;
  key: readonly string[];
  appendOnly: boolean;
  rows: Record<string, unknown>[];
}

export interface ChangeBatch {
  /** The last fleet_changes seq the batch covers: acknowledged once the fleet committed it. */
  upToSeq: number;
  changes: number;
  tables: FleetRows[];
}

const REPLICATING = 'fleet.replicating';

/**
 * The kiosk's side of replication: the notes the triggers of migration 13 leave in
 * fleet_changes, turned into the rows' current state for the fleet, and acknowledged once
 * PostgreSQL has committed them. A row changed five times before the fleet is reached is sent
 * once, as it is now.
 */
export class ChangeFeed {
  private readonly sql: (sql: string) => Statement;

  constructor(private readonly db: Db) {
    this.sql = statementCache(db);
  }

  /** Turns the triggers on; the first time, every row the kiosk already holds is noted once. */
  startReplicating(now: Date): void {
    this.db.transaction(() => {
      if (this.sql('SELECT 1 FROM settings WHERE key = ?').get(REPLICATING)) return;
      this.sql('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run(REPLICATING, '1', now.toISOString());
      const at = now.getTime();
      const keyOf: Record<string, string> = {
        sessions: 'id',
        roster_entries: 'id',
        attendee_steps: 'attendee_id || char(31) || step',
        identity_checks: 'id',
        envelopes: 'id',
        envelope_events: 'id',
        audit_log: 'seq',
        facilitator_keys: 'id',
        facilitator_key_removals: 'id',
      };
      for (const table of replicatedTableOrder) {
        this.db.prepare(`INSERT INTO fleet_changes (tbl, row_key, noted_at) SELECT '${table}', ${keyOf[table]}, ? FROM ${table}`).run(at);
      }
    })();
  }

  /** The kiosk left the fleet (no `fleet` in its config): stop noting, forget the notes. */
  stopReplicating(): void {
    this.db.transaction(() => {
      this.sql('DELETE FROM settings WHERE key = ?').run(REPLICATING);
      this.sql('DELETE FROM fleet_changes').run();
    })();
  }

  /** The oldest notes, up to `limit`, as the rows' current state. */
  next(limit: number, site: string): ChangeBatch | null {
    const notes = this.sql('SELECT seq, tbl, row_key FROM fleet_changes ORDER BY seq LIMIT ?').all(limit) as { seq: number; tbl: string; row_key: string }[];
    if (notes.length === 0) return null;
    const keysByTable = new Map<string, Set<string>>();
    for (const note of notes) {
      if (!keysByTable.has(note.tbl)) keysByTable.set(note.tbl, new Set());
      keysByTable.get(note.tbl)?.add(note.row_key);
    }
    const tables: FleetRows[] = [];
    for (const table of replicatedTableOrder) {
      const keys = keysByTable.get(table);
      const feed = feeds[table];
      if (!keys || !feed) continue;
      const rows = (this.sql(feed.read).all(JSON.stringify([...keys])) as Record<string, unknown>[]).map((row) => feed.toFleet(row, site));
      if (rows.length > 0) tables.push({ target: feed.target, key: feed.key, appendOnly: feed.appendOnly, rows });
    }
    return { upToSeq: notes[notes.length - 1]?.seq ?? 0, changes: notes.length, tables };
  }

  /** The fleet committed every note up to `seq`. */
  acknowledge(seq: number): void {
    this.sql('DELETE FROM fleet_changes WHERE seq <= ?').run(seq);
  }

  waiting(): { count: number; oldestNotedAt: number | null } {
    const row = this.sql('SELECT count(*) AS count, min(noted_at) AS oldest FROM fleet_changes').get() as { count: number; oldest: number | null };
    return { count: row.count, oldestNotedAt: row.oldest };
  }
}
