import { IdpError } from '../idp/idp-error';
import type { Clock } from '../ports/clock';
import { backoffDelay, defaultBackoff, type BackoffPolicy } from './backoff';
import type { OutboxNotifier } from './outbox-notifier';
import type { OutboxStore } from './outbox-store';
import type { OutboxHandler, OutboxItem, OutboxOutcome, SendContext } from './outbox-types';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface OutboxWorkerOptions {
  store: OutboxStore;
  clock: Clock;
  notify: OutboxNotifier;
  /** Calls to the IdP at the same time. */
  concurrency?: number;
  backoff?: BackoffPolicy;
  /** A call that takes longer is aborted and counted as a transient, uncertain failure. */
  sendTimeoutMs?: number;
  /** Even with nothing due, look again this often (another process may have written). */
  idlePollMs?: number;
  random?: () => number;
  timers?: Timers;
  /** Hears each recorded outcome (success, retry, park); it must not throw. */
  onOutcome?: (outcome: OutboxOutcome) => void;
  onInternalError?: (error: unknown) => void;
}

const DEFAULT_TARGET = 'idp';
/** A timer never fires sooner than this, so a clock that disagrees with the DB cannot spin. */
const MIN_TIMER_MS = 10;

/**
 * Sends due outbox items through the handler registered for their kind. Every transition is
 * committed before the next network step: 'sending' before the call, 'done'/'queued'/'parked'
 * after it. Started, it runs by itself; tests drive it with `runDue()` and a manual clock.
 */
export class OutboxWorker {
  private readonly handlers = new Map<string, OutboxHandler>();
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly concurrency: number;
  private readonly backoff: BackoffPolicy;
  private readonly sendTimeoutMs: number;
  private readonly idlePollMs: number;
  private readonly random: () => number;
  private readonly timers: Timers;
  private phase: 'idle' | 'running' | 'stopped' = 'idle';
  private timer: unknown = null;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.backoff = options.backoff ?? defaultBackoff;
    this.sendTimeoutMs = options.sendTimeoutMs ?? 30_000;
    this.idlePollMs = options.idlePollMs ?? 30_000;
    this.random = options.random ?? Math.random;
    this.timers = options.timers ?? realTimers;
  }

  register(kind: string, handler: OutboxHandler): void {
    this.handlers.set(kind, handler);
    this.wake();
  }

  /** Recovers items a dead process left 'sending', then runs until stop(). */
  start(): void {
    if (this.phase !== 'idle') return;
    this.options.store.recoverInterrupted();
    this.phase = 'running';
    this.pump();
  }

  /** Something changed (enqueue, operator retry): look for due items now. */
  wake(): void {
    if (this.phase === 'running') this.pump();
  }

  /** Stops taking items and waits for the calls in flight to settle (each has its timeout). */
  async stop(): Promise<void> {
    this.phase = 'stopped';
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Sends everything due now (by the clock) until nothing due is left; for tests and benches. */
  async runDue(): Promise<void> {
    for (;;) {
      this.fill();
      if (this.inFlight.size === 0) return;
      await Promise.race(this.inFlight.values());
    }
  }

  /** When there may next be something to send: an item falling due or a Retry-After pause ending. */
  nextWakeAt(): number | null {
    const now = this.now();
    const candidates = [...this.pausedUntil.values()].filter((t) => t > now);
    const due = this.options.store.nextDueAt(this.activeKinds());
    if (due !== null) candidates.push(due);
    return candidates.length === 0 ? null : Math.min(...candidates);
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }

  private activeKinds(): string[] {
    const now = this.now();
    return [...this.handlers.entries()]
      .filter(([, h]) => (this.pausedUntil.get(h.target ?? DEFAULT_TARGET) ?? 0) <= now)
      .map(([kind]) => kind);
  }

  private fill(): void {
    if (this.phase === 'stopped') return;
    while (this.inFlight.size < this.concurrency) {
      const kinds = this.activeKinds();
      if (kinds.length === 0) return;
      const due = this.options.store.listDue(kinds, this.concurrency - this.inFlight.size);
      if (due.length === 0) return;
      for (const item of due) {
        const run = this.process(item).catch((error: unknown) => this.options.onInternalError?.(error));
        const tracked = run.finally(() => {
          this.inFlight.delete(item.id);
          this.wake();
        });
        this.inFlight.set(item.id, tracked);
      }
    }
  }

  private pump(): void {
    try {
      this.fill();
    } catch (error) {
      this.options.onInternalError?.(error);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    if (this.phase !== 'running' || this.inFlight.size >= this.concurrency) return;
    const now = this.now();
    let next: number | null = null;
    try {
      next = this.nextWakeAt();
    } catch (error) {
      this.options.onInternalError?.(error);
    }
    const delay = Math.max(MIN_TIMER_MS, Math.min(now + this.idlePollMs, next ?? Infinity) - now);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.pump();
    }, delay);
  }

  private async process(queued: OutboxItem): Promise<void> {
    const { store, notify } = this.options;
    const handler = this.handlers.get(queued.kind);
    if (!handler) return;
    const item = store.markSending(queued.id);
    if (!item) return;
    notify.sending(item);
    try {
      if (item.uncertain && handler.wasApplied) {
        const applied = await this.withAuth(handler, (ctx) => handler.wasApplied!(item, ctx), item);
        if (applied) {
          this.done(item, 'reconciled');
          return;
        }
      }
      await this.withAuth(handler, (ctx) => handler.send(item, ctx), item);
      this.done(item, 'sent');
    } catch (error) {
      this.fail(item, handler, error);
    }
  }

  private done(item: OutboxItem, how: 'sent' | 'reconciled'): void {
    const done = this.options.store.markDone(item.id, how);
    this.options.notify.done(done);
    this.report({ result: 'done', item: done, how });
  }

  /** The outcome is already committed; an observer's failure must not undo or repeat it. */
  private report(outcome: OutboxOutcome): void {
    try {
      this.options.onOutcome?.(outcome);
    } catch (error) {
      this.options.onInternalError?.(error);
    }
  }

  /** One token refresh after a 401, then the same call once more. */
  private async withAuth<T>(handler: OutboxHandler, call: (ctx: SendContext) => Promise<T>, item: OutboxItem): Promise<T> {
    try {
      return await this.withTimeout(call, item);
    } catch (error) {
      if (!(error instanceof IdpError) || error.kind !== 'unauthorized' || !handler.refreshAuth) throw error;
      await handler.refreshAuth();
      return await this.withTimeout(call, item);
    }
  }

  private withTimeout<T>(call: (ctx: SendContext) => Promise<T>, item: OutboxItem): Promise<T> {
    const controller = new AbortController();
    const seconds = Math.round(this.sendTimeoutMs / 100) / 10;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        controller.abort();
        reject(new IdpError('transient', `The IdP did not answer within ${seconds} s.`));
      }, this.sendTimeoutMs);
      call({ signal: controller.signal, attempt: item.attempts, idempotencyKey: item.idempotencyKey }).then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  private fail(item: OutboxItem, handler: OutboxHandler, error: unknown): void {
    const { store, notify } = this.options;
    const e = error instanceof IdpError ? error : new IdpError('transient', `Unexpected error while syncing: ${(error as Error)?.message ?? String(error)}`);
    if (e.kind === 'permanent' || e.kind === 'unauthorized') {
      // A 401 here already had its one refresh (by the hook below or inside the connector).
      const mayHaveLanded = e.status === null || (e.status >= 200 && e.status < 300);
      const parked = store.markParked(item.id, { reason: e.message, idpMessage: e.idpMessage, uncertain: mayHaveLanded });
      notify.parked(parked);
      this.report({ result: 'parked', item: parked, error: e });
      return;
    }
    const now = this.now();
    let at: number;
    if (e.retryAfterMs !== null) {
      at = now + Math.max(0, e.retryAfterMs);
      const target = handler.target ?? DEFAULT_TARGET;
      this.pausedUntil.set(target, Math.max(this.pausedUntil.get(target) ?? 0, at));
    } else {
      at = now + backoffDelay(this.backoff, item.attemptsSinceOperatorRetry, this.random);
    }
    // A 429/503 says the request was not processed; a 5xx, a timeout or a broken connection may have landed.
    const uncertain = e.kind === 'transient' && e.status !== 503;
    const queued = store.markRetry(item.id, { at, error: e.message, idpMessage: e.idpMessage, uncertain });
    notify.queued(queued);
    this.report({ result: 'retry', item: queued, error: e });
  }
}
