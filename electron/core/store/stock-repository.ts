import type { Statement } from 'better-sqlite3';
import type { StockMovement, StockMovementKind } from '../../../shared/domain/stock';
import type { Db } from './open-database';
import { statementCache } from './statement-cache';

export interface NewStockMovement extends StockMovement {
  /** Makes the movement happen once (a key's serial, a backup credential); null for a delivery. */
  ref: string | null;
}

export interface StockTotals {
  model: string;
  received: number;
  used: number;
  aaguids: string[];
}

interface RawMovement {
  kind: StockMovementKind;
  model: string;
  aaguid: string | null;
  count: number;
  note: string | null;
  actor: string;
  at: string;
}

/** stock_movements: the append-only ledger of fresh keys at this kiosk. */
export class StockRepository {
  private readonly sql: (sql: string) => Statement;

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  /** False when a movement with the same ref exists already (it happened before). */
  insert(movement: NewStockMovement): boolean {
    const result = this.sql('INSERT OR IGNORE INTO stock_movements (kind, model, aaguid, count, note, actor, at, ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      movement.kind,
      movement.model,
      movement.aaguid,
      movement.count,
      movement.note,
      movement.actor,
      movement.at,
      movement.ref,
    );
    return result.changes === 1;
  }

  byRef(ref: string): StockMovement | null {
    return (this.sql('SELECT kind, model, aaguid, count, note, actor, at FROM stock_movements WHERE ref = ?').get(ref) as RawMovement | undefined) ?? null;
  }

  /** Per model: keys in (received and counted), keys out (used), and the AAGUIDs seen, by model name. */
  totals(): StockTotals[] {
    const rows = this.sql(
      `SELECT model,
              SUM(CASE WHEN kind = 'used' THEN 0 ELSE count END) AS received,
              SUM(CASE WHEN kind = 'used' THEN count ELSE 0 END) AS used,
              (SELECT json_group_array(DISTINCT aaguid) FROM stock_movements AS seen WHERE seen.model = m.model AND seen.aaguid IS NOT NULL) AS aaguids
         FROM stock_movements AS m GROUP BY model ORDER BY model`,
    ).all() as Array<{ model: string; received: number; used: number; aaguids: string }>;
    return rows.map((row) => ({ model: row.model, received: row.received, used: row.used, aaguids: (JSON.parse(row.aaguids) as string[]).sort() }));
  }

  recent(limit: number): StockMovement[] {
    return this.sql('SELECT kind, model, aaguid, count, note, actor, at FROM stock_movements ORDER BY id DESC LIMIT ?').all(limit) as RawMovement[];
  }
}
