import type pg from 'pg';
import { verifyAuditChain, type AuditVerification, type RawRow } from '../store/audit-log';

/**
 * Each kiosk's audit chain as the fleet holds it, walked with the kiosk's own rules: a row
 * lost or doubled on the way, or edited in PostgreSQL, shows as a broken chain.
 */
export async function verifyFleetAuditChains(db: Pick<pg.ClientBase, 'query'>): Promise<Map<string, AuditVerification>> {
  const kiosks = await db.query<{ kiosk_id: string }>('SELECT DISTINCT kiosk_id FROM fleet.audit_events ORDER BY kiosk_id');
  const chains = new Map<string, AuditVerification>();
  for (const { kiosk_id: kioskId } of kiosks.rows) {
    const rows = await db.query<RawRow>(
      'SELECT seq::integer AS seq, at, actor, action, subject, data, prev_hash, hash FROM fleet.audit_events WHERE kiosk_id = $1 ORDER BY seq',
      [kioskId],
    );
    chains.set(kioskId, verifyAuditChain(rows.rows));
  }
  return chains;
}
