import { join } from 'node:path';
import type { KioskConfig } from '../config/schema';
import { createDispatcher, type Dispatch } from '../contract/dispatch';
import type { HandlerTable } from '../contract/handler-table';
import { EventBus } from '../events/event-bus';
import { systemClock, type Clock } from '../ports/clock';
import { AuditLog } from '../store/audit-log';
import { openDatabase, type Db } from '../store/open-database';
import { createSessionHandlers } from '../session/session-handlers';
import { eventNotifier } from '../sync/outbox-notifier';
import { createOutboxHandlers } from '../sync/outbox-handlers';
import { OutboxService } from '../sync/outbox-service';
import { createAppHandlers } from './app-handlers';

export interface CorePorts {
  clock: Clock;
}

export interface CoreOptions {
  config: KioskConfig;
  dataDir: string;
  version: string;
  ports?: Partial<CorePorts>;
  /** better-sqlite3 addon for the current runtime when it is not Node's (Electron). */
  sqliteBinding?: string;
  onInternalError?: (name: string, error: unknown) => void;
}

export interface Core {
  dispatch: Dispatch;
  events: EventBus;
  db: Db;
  /** Enrollment steps enqueue here; IdP connectors register a handler per item kind. */
  outbox: OutboxService;
  close(): Promise<void>;
}

/** The composition root: config + ports in, the handler table and event bus out. */
export function createCore(options: CoreOptions): Core {
  const clock = options.ports?.clock ?? systemClock;
  const db = openDatabase(join(options.dataDir, 'kiosk.sqlite'), { nativeBinding: options.sqliteBinding });
  const events = new EventBus();
  const audit = new AuditLog(db, () => clock.now());
  const outbox = new OutboxService({
    db,
    audit,
    clock,
    notify: eventNotifier(events),
    onInternalError: (error) => options.onInternalError?.('outbox.worker', error),
  });

  const handlers: HandlerTable = {
    ...createAppHandlers({ config: options.config, dataDir: options.dataDir, version: options.version, audit }),
    ...createSessionHandlers({ db, audit, events, clock, config: options.config }),
    ...createOutboxHandlers({ outbox, clock }),
  };

  outbox.start();

  return {
    dispatch: createDispatcher(handlers, { onInternalError: options.onInternalError }),
    events,
    db,
    outbox,
    async close() {
      await outbox.stop();
      db.close();
    },
  };
}
