import type { z } from 'zod';
import type { Clock } from '../ports/clock';
import type { AuditLog } from '../store/audit-log';
import type { Db } from '../store/open-database';
import type { OutboxKind, OutboxPayloadSchema } from './outbox-kind';
import type { OutboxNotifier } from './outbox-notifier';
import { OutboxStore } from './outbox-store';
import type { OutboxHandler, OutboxItem, OutboxSummary } from './outbox-types';
import { OutboxWorker, type OutboxWorkerOptions } from './outbox-worker';

export interface OutboxServiceOptions extends Omit<OutboxWorkerOptions, 'store' | 'clock' | 'notify'> {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  notify: OutboxNotifier;
}

/**
 * The outbox as the rest of the core uses it: enqueue what must reach the IdP, register a
 * handler per kind (the IdP connectors do), and let operators retry or discard parked items.
 */
export class OutboxService {
  readonly store: OutboxStore;
  readonly worker: OutboxWorker;
  private readonly notify: OutboxNotifier;

  constructor(options: OutboxServiceOptions) {
    const { db, audit, clock, notify, ...workerOptions } = options;
    this.store = new OutboxStore(db, audit, clock);
    this.notify = notify;
    this.worker = new OutboxWorker({ ...workerOptions, store: this.store, clock, notify });
  }

  /**
   * Durable on return: the item and its idempotency key are committed before any network
   * call. Call it inside the transaction that records the enrollment step, so both or
   * neither survive a crash. A repeated key returns the stored item. The payload is what the
   * kind's schema makes of it; one it refuses is a bug in the caller, and nothing is stored.
   */
  enqueue<S extends OutboxPayloadSchema>(kind: OutboxKind<S>, input: { idempotencyKey: string; subjectKey: string; payload: z.input<S> }): OutboxItem {
    const payload = kind.payload.safeParse(input.payload);
    if (!payload.success) {
      const problems = payload.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`);
      throw new Error(`An outbox item of kind ${kind.name} does not match the kind's payload (${problems.join('; ')}); nothing was queued.`);
    }
    const { item, created } = this.store.enqueue({ idempotencyKey: input.idempotencyKey, subjectKey: input.subjectKey, kind: kind.name, payload: payload.data });
    if (created) {
      this.notify.queued(item);
      this.worker.wake();
    }
    return item;
  }

  register(kind: string, handler: OutboxHandler): void {
    this.worker.register(kind, handler);
  }

  retry(itemId: number, operator: string): OutboxItem {
    const item = this.store.retryByOperator(itemId, operator);
    this.notify.queued(item);
    this.worker.wake();
    return item;
  }

  discard(itemId: number, operator: string, reason: string): OutboxItem {
    const item = this.store.discardByOperator(itemId, operator, reason);
    this.worker.wake();
    return item;
  }

  summary(): OutboxSummary {
    return this.store.summary();
  }

  parked(): OutboxItem[] {
    return this.store.listParked();
  }

  start(): void {
    this.worker.start();
  }

  /** Waits for calls in flight; the store stays usable until the database closes. */
  stop(): Promise<void> {
    return this.worker.stop();
  }
}
