/**
 * How an operation holds a key. `short` answers at once (getInfo, PIN retries, PIN changes,
 * wink); `long` may wait for a person to touch the key (makeCredential, getAssertion, reset).
 */
export type OperationKind = 'short' | 'long';

/** The operation was dropped before it started because its caller stopped waiting. */
export class OperationAbandoned extends Error {
  constructor() {
    super('the operation was abandoned before it started');
    this.name = 'OperationAbandoned';
  }
}

/**
 * Runs operations on each key one after another (a key serves one CTAPHID transaction at a
 * time) and counts the long ones queued or running, so a listing can tell "waits for a touch,
 * say busy" from "answers a quick question, wait a moment".
 */
export class DeviceQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly longCounts = new Map<string, number>();

  /** True while an operation that may wait for a touch is queued or running on this key. */
  heldByLong(path: string): boolean {
    return (this.longCounts.get(path) ?? 0) > 0;
  }

  /** Queues `task` after everything already queued for `path`; an aborted `signal` skips it if it has not started. */
  run<T>(path: string, kind: OperationKind, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (kind === 'long') this.longCounts.set(path, (this.longCounts.get(path) ?? 0) + 1);
    const previous = this.tails.get(path) ?? Promise.resolve();
    const run = previous.then(() => {
      if (signal?.aborted) throw new OperationAbandoned();
      return task();
    });
    const settled = run.then(
      () => this.finish(path, kind),
      () => this.finish(path, kind),
    );
    this.tails.set(path, settled);
    void settled.then(() => {
      if (this.tails.get(path) === settled) this.tails.delete(path);
    });
    return run;
  }

  private finish(path: string, kind: OperationKind): void {
    if (kind !== 'long') return;
    const left = (this.longCounts.get(path) ?? 1) - 1;
    if (left > 0) this.longCounts.set(path, left);
    else this.longCounts.delete(path);
  }
}
