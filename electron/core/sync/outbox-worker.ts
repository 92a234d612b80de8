import { message } from '../../../shared/contract/messages';
import type { Clock } from '../ports/clock';
import { backoffDelay, defaultBackoff, type BackoffPolicy } from './backoff';
import type { OutboxNotifier } from './outbox-notifier';
import type { OutboxStore } from './outbox-store';
import type { OutboxHandler, OutboxItem, OutboxOutcome, SendContext } from './outbox-types';
import { SyncFailure } from './sync-failure';

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
 * How long recorded outcomes may wait for the other calls in flight: short beside any IdP's
 * answer, long enough that calls answered a moment apart share one commit.
 */
const GROUP_COMMIT_MS = 2;

type Attempt = { how: 'sent' | 'reconciled' } | { error: unknown };

/** A call that has come back; its outcome is not committed yet. */
interface Settled {
  item: OutboxItem;
  handler: OutboxHandler;
  attempt: Attempt;
  /** Ends the item's time in flight, once its outcome is committed (or could not be). */
  release: () => void;
}

/**
 * Sends due outbox items through the handler registered for their kind. Every transition is
 * committed before the next network step: 'sending' before the call, 'done'/'queued'/'parked'
 * after it, and only then announced. Calls that come back together are recorded together, with
 * the next items taken, in one commit: each commit waits for the disk (synchronous=FULL), and
 * one commit per transition made the disk, not the IdP, the limit. Started, it runs by itself;
 * tests drive it with `runDue()` and a manual clock.
 */
export class OutboxWorker {
  private readonly handlers = new Map<string, OutboxHandler>();
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly pausedUntil = new Map<string, number>();
  private settled: Settled[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
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
    this.launch(this.take());
  }

  /** Marks as many due items 'sending' as there are free slots; the caller launches them after the commit. */
  private take(): OutboxItem[] {
    if (this.phase === 'stopped') return [];
    const free = this.concurrency - this.inFlight.size;
    if (free <= 0) return [];
    const kinds = this.activeKinds();
    if (kinds.length === 0) return [];
    return this.options.store.takeDue(kinds, free);
  }

  /** Starts the calls of items already committed as 'sending'. */
  private launch(items: readonly OutboxItem[]): void {
    for (const item of items) {
      const handler = this.handlers.get(item.kind);
      if (!handler) continue;
      this.guard(() => this.options.notify.sending(item));
      const tracked = new Promise<void>((release) => {
        void this.attempt(item, handler).then((attempt) => this.settle({ item, handler, attempt, release }));
      });
      this.inFlight.set(item.id, tracked);
    }
  }

  /**
   * Group commit: outcomes wait until every call in flight is back, or GROUP_COMMIT_MS after
   * the first, so the calls that went out together are recorded together again.
   */
  private settle(settled: Settled): void {
    this.settled.push(settled);
    if (this.settled.length === this.inFlight.size) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      this.flush();
    } else if (this.settled.length === 1) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = undefined;
        this.flush();
      }, GROUP_COMMIT_MS);
    }
  }

  /**
   * One commit for the outcomes that came back and, while running, the items that take their
   * slots; announced only once committed. A failed commit leaves its items 'sending' for the
   * next start to recover as uncertain, as a failed single transition always did.
   */
  private flush(): void {
    const batch = this.settled;
    this.settled = [];
    for (const { item } of batch) this.inFlight.delete(item.id);
    let announce: Array<() => void> = [];
    let taken: OutboxItem[] = [];
    // Each record and the take are savepoints: one that fails is undone alone, not the rest.
    const committed = this.guard(() =>
      this.options.store.atomically(() => {
        for (const settled of batch) this.guard(() => announce.push(this.options.store.atomically(() => this.record(settled))));
        if (this.phase === 'running') this.guard(() => (taken = this.take()));
      }),
    );
    if (!committed) {
      announce = [];
      taken = [];
    }
    for (const tell of announce) this.guard(tell);
    for (const { release } of batch) release();
    this.launch(taken);
    if (this.phase === 'running') this.schedule();
  }

  /** Runs `step`; false (and the error reported) when it threw. */
  private guard(step: () => unknown): boolean {
    try {
      step();
      return true;
    } catch (error) {
      this.options.onInternalError?.(error);
      return false;
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

  /** The network part of one item: reconcile first when an earlier attempt may have landed. */
  private async attempt(item: OutboxItem, handler: OutboxHandler): Promise<Attempt> {
    try {
      if (item.uncertain && handler.wasApplied) {
        const applied = await this.withAuth(handler, (ctx) => handler.wasApplied!(item, ctx), item);
        if (applied) return { how: 'reconciled' };
      }
      await this.withAuth(handler, (ctx) => handler.send(item, ctx), item);
      return { how: 'sent' };
    } catch (error) {
      return { error };
    }
  }

  /** Writes one outcome (inside the flush's commit) and returns how to announce it after. */
  private record({ item, handler, attempt }: Settled): () => void {
    if ('error' in attempt) return this.fail(item, handler, attempt.error);
    const done = this.options.store.markDone(item.id, attempt.how);
    return () => {
      this.options.notify.done(done);
      this.report({ result: 'done', item: done, how: attempt.how });
    };
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
      if (!(error instanceof SyncFailure) || error.kind !== 'unauthorized' || !handler.refreshAuth) throw error;
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
        reject(new SyncFailure('transient', message('outbox.noAnswer', { seconds }), { mayHaveLanded: true }));
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

  private fail(item: OutboxItem, handler: OutboxHandler, error: unknown): () => void {
    const { store, notify } = this.options;
    const e = error instanceof SyncFailure ? error : new SyncFailure('transient', message('outbox.unexpected', { problem: (error as Error)?.message ?? String(error) }), { cause: error });
    if (e.kind === 'permanent' || e.kind === 'unauthorized') {
      // An 'unauthorized' here already had its one refresh (by the hook below or inside the sink).
      const parked = store.markParked(item.id, { reason: e.says, idpMessage: e.remoteMessage, uncertain: e.mayHaveLanded });
      return () => {
        notify.parked(parked);
        this.report({ result: 'parked', item: parked, error: e });
      };
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
    const queued = store.markRetry(item.id, { at, error: e.says, idpMessage: e.remoteMessage, uncertain: e.mayHaveLanded });
    return () => {
      notify.queued(queued);
      this.report({ result: 'retry', item: queued, error: e });
    };
  }
}
