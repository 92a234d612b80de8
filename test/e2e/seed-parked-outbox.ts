import { join } from 'node:path';
import { EventBus } from '../../electron/core/events/event-bus';
import { IdpError } from '../../electron/core/idp/idp-error';
import { IDP_OUTBOX_KINDS } from '../../electron/core/idp/idp-outbox-kinds';
import { withSyncFailures } from '../../electron/core/idp/idp-sync-failure';
import { systemClock } from '../../electron/core/ports/clock';
import { AuditLog } from '../../electron/core/store/audit-log';
import { openDatabase } from '../../electron/core/store/open-database';
import { eventNotifier } from '../../electron/core/sync/outbox-notifier';
import { OutboxService } from '../../electron/core/sync/outbox-service';
import { message } from '../../shared/contract/messages';

export interface SeededParkedItem {
  subjectKey: string;
  badgeId: string;
  displayName: string;
  email: string;
  idpMessage: string;
}

/**
 * Leaves parked outbox items in a data dir before a web host opens it, the way an earlier run
 * of the kiosk would have: the real outbox worker sends each item to a handler that answers
 * like an IdP refusing it (HTTP 403 with its own message), and parks it. No test hook in the
 * app: the host later finds the items in the SQLite file like any other.
 */
export async function seedParkedOutbox(dataDir: string, items: readonly SeededParkedItem[]): Promise<void> {
  const db = openDatabase(join(dataDir, 'kiosk.sqlite'));
  const events = new EventBus();
  const outbox = new OutboxService({ db, audit: new AuditLog(db, () => systemClock.now()), clock: systemClock, notify: eventNotifier(events) });
  const messages = new Map(items.map((item) => [item.subjectKey, item.idpMessage]));
  outbox.register(
    IDP_OUTBOX_KINDS.revokeAuthenticator.name,
    withSyncFailures({
      send: async (item) => {
        throw new IdpError('permanent', message('idp.refused', { idp: 'Keycloak', status: 403 }), { status: 403, idpMessage: messages.get(item.subjectKey) ?? null });
      },
    }),
  );
  let parked = 0;
  const allParked = new Promise<void>((resolve) =>
    events.subscribe((event) => {
      if (event.name === 'outbox.parked' && (parked += 1) === items.length) resolve();
    }),
  );
  outbox.start();
  try {
    for (const item of items) {
      outbox.enqueue(IDP_OUTBOX_KINDS.revokeAuthenticator, {
        idempotencyKey: `revoke:${item.badgeId}:seeded`,
        subjectKey: item.subjectKey,
        payload: {
          user: { id: `training-${item.badgeId}`, displayName: item.displayName, username: null, email: item.email, badgeId: item.badgeId },
          authenticatorId: `seeded-${item.badgeId}`,
        },
      });
    }
    await allParked;
  } finally {
    await outbox.stop();
    db.close();
  }
}
