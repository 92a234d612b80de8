import type pg from 'pg';
import type { FleetRows } from './change-feed';

/**
 * Writes one table's rows of a batch in one statement: json_populate_recordset shapes the JSON
 * as the table's own row type, and the key (kiosk id + local id) makes a replay change nothing.
 * Append-only rows are only ever inserted; the others take the kiosk's current values.
 */
export async function upsertRows(client: pg.ClientBase, kioskId: string, batch: FleetRows): Promise<void> {
  const first = batch.rows[0];
  if (!first) return;
  const key = ['kiosk_id', ...batch.key];
  const columns = Object.keys(first).filter((column) => !key.includes(column));
  const onConflict = batch.appendOnly ? 'DO NOTHING' : `DO UPDATE SET ${columns.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`;
  const rows = batch.rows.map((row) => ({ ...row, kiosk_id: kioskId }));
  await client.query(
    `INSERT INTO ${batch.target} SELECT * FROM json_populate_recordset(NULL::${batch.target}, $1::json) ON CONFLICT (${key.join(', ')}) ${onConflict}`,
    [JSON.stringify(rows)],
  );
}
