import { actingFacilitator } from '../access/acting-facilitator';
import type { PartialHandlers } from '../contract/handler-table';
import type { CustodyService } from '../custody/custody-service';
import type { FleetCustodyService } from '../custody/fleet-custody';
import { custodyMover } from './custody-mover';
import type { EventBus } from '../events/event-bus';
import { AaguidCatalog } from '../fido/keys/aaguid-catalog';
import type { KeyService } from '../fido/keys/key-service';
import type { IdpConnector } from '../idp/idp-connector';
import type { PasskeyWatchTiming } from '../journey/passkey-watch';
import type { Clock } from '../ports/clock';
import type { PrintService } from '../print/print-service';
import type { AuditLog } from '../store/audit-log';
import type { Db } from '../store/open-database';
import type { OutboxService } from '../sync/outbox-service';
import { RecoveryBackupKey } from './recovery-backup-key';
import { RecoveryPasskey } from './recovery-passkey';
import { RecoveryRecords } from './recovery-records';
import { RecoveryService } from './recovery-service';

type RecoveryCallNames =
  | 'recovery.start'
  | 'recovery.list'
  | 'recovery.get'
  | 'recovery.identity.confirm'
  | 'recovery.authenticators'
  | 'recovery.revoke'
  | 'recovery.handOut'
  | 'recovery.passkey.start'
  | 'recovery.passkey.check'
  | 'recovery.reseal'
  | 'recovery.replaceKey'
  | 'recovery.complete';

export interface RecoveryDeps {
  db: Db;
  audit: AuditLog;
  events: EventBus;
  clock: Clock;
  idp: IdpConnector;
  outbox: OutboxService;
  custody: CustodyService;
  /** In a fleet, custody moves are decided in PostgreSQL. */
  fleetCustody: FleetCustodyService | null;
  print: PrintService;
  keys: KeyService;
  training: boolean;
  minPinLength: number;
  allowedAaguids: readonly string[] | undefined;
  passkeyWatch?: Partial<PasskeyWatchTiming>;
}

/** The helpdesk's recovery, built from the core's parts; its calls are thin over RecoveryService. */
export function createRecovery(deps: RecoveryDeps): { service: RecoveryService; handlers: PartialHandlers<RecoveryCallNames>; close(): void } {
  const records = new RecoveryRecords(deps.db, deps.audit, deps.events, deps.clock);
  const passkey = new RecoveryPasskey(records, deps.idp, deps.training, deps.passkeyWatch);
  const mover = custodyMover(deps.custody, deps.fleetCustody);
  const backupKey = new RecoveryBackupKey({ records, custody: deps.custody, mover, print: deps.print, idp: deps.idp, keys: deps.keys, outbox: deps.outbox, training: deps.training, minPinLength: deps.minPinLength, allowedAaguids: deps.allowedAaguids });
  const service = new RecoveryService({ records, idp: deps.idp, outbox: deps.outbox, custody: deps.custody, mover, catalog: AaguidCatalog.curated(), passkey, backupKey });
  const actor = (call: Parameters<typeof actingFacilitator>[0]) => actingFacilitator(call).name;
  return {
    service,
    handlers: {
      'recovery.start': ({ field, value }, call) => service.start(field, value, actor(call)),
      'recovery.list': () => ({ recoveries: records.list() }),
      'recovery.get': ({ recoveryId }) => service.view(recoveryId),
      'recovery.identity.confirm': ({ recoveryId, secondSignal, note }, call) => service.checkIdentity(recoveryId, { secondSignal, note: note || null }, actor(call)),
      'recovery.authenticators': async ({ recoveryId }) => ({ authenticators: await service.authenticators(recoveryId) }),
      'recovery.revoke': ({ recoveryId, authenticatorIds }, call) => service.revoke(recoveryId, authenticatorIds, actor(call)),
      'recovery.handOut': ({ recoveryId, code }, call) => service.handOut(recoveryId, code, actor(call)),
      'recovery.passkey.start': async ({ recoveryId }, call) => {
        await passkey.start(recoveryId, actor(call));
        return service.view(recoveryId);
      },
      'recovery.passkey.check': async ({ recoveryId }) => {
        await passkey.check(recoveryId);
        return service.view(recoveryId);
      },
      'recovery.reseal': async ({ recoveryId, sealNumber, locale }, call) => {
        await backupKey.reseal(recoveryId, { sealNumber, locale }, actor(call));
        return service.view(recoveryId);
      },
      'recovery.replaceKey': async ({ recoveryId, sealNumber, locale, path, pin, oldAuthenticatorId }, call) => {
        await backupKey.replace(recoveryId, { sealNumber, locale, path, pin, oldAuthenticatorId }, actor(call));
        return service.view(recoveryId);
      },
      'recovery.complete': ({ recoveryId }, call) => service.complete(recoveryId, actor(call)),
    },
    close: () => passkey.stopAll(),
  };
}
