import type { PartialHandlers } from '../contract/handler-table';
import type { Clock } from '../ports/clock';
import type { AuditLog } from '../store/audit-log';
import type { Db } from '../store/open-database';
import { auditExportFilename, exportAuditRange } from './audit-export';
import type { KioskSigningKeys } from './kiosk-signing-key';

export interface AuditHandlerDeps {
  db: Db;
  audit: AuditLog;
  keys: KioskSigningKeys;
  clock: Clock;
}

/** The signed export of a range of the audit log (for IT to hand on), and the key that signs it. */
export function createAuditHandlers(deps: AuditHandlerDeps): PartialHandlers<'audit.export' | 'audit.signingKey'> {
  return {
    'audit.export': async ({ from, to }, ctx) => {
      const key = await deps.keys.get();
      const by = ctx.facilitator?.name ?? 'unknown';
      // One transaction: the range read and the event saying it was exported.
      const { file, text } = deps.db.transaction(() => exportAuditRange(deps.audit, key, { from, to, by }, deps.clock.now()))();
      return { filename: auditExportFilename(file.head.range.from, file.head.range.to), json: text, events: file.head.events };
    },
    'audit.signingKey': async () => {
      const { publicKey, fingerprint } = await deps.keys.get();
      return { publicKey, fingerprint };
    },
  };
}
