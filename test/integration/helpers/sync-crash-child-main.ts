/**
 * The common body of the processes the crash-safety tests kill. A child loads its code, then
 * waits for `go <start> [final]` on stdin (so the parent can start the next child while the
 * current one runs), opens the kiosk's SQLite file, starts the outbox worker (which recovers
 * what a killed predecessor left 'sending'), and enqueues items from <start> on, writing
 * `ack <n>` once item n is committed, like the UI saying "done". In final mode it enqueues
 * the rest, waits until the outbox is empty, writes `drained <done> <parked>` and exits.
 */
import { writeSync } from 'node:fs';
import { AuditLog } from '../../../electron/core/store/audit-log';
import { openDatabase } from '../../../electron/core/store/open-database';
import { silentNotifier } from '../../../electron/core/sync/outbox-notifier';
import { OutboxService } from '../../../electron/core/sync/outbox-service';

export function env(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

export function line(text: string): void {
  // Synchronous, so a line the parent reads was written before any later step.
  writeSync(1, `${text}\n`);
}

export interface CrashChildSpec {
  total: number;
  enqueueEveryMs: number;
  register(outbox: OutboxService): void;
  /** Enqueues item `index`; it is committed on return. */
  enqueue(outbox: OutboxService, index: number): void;
}

export function runCrashChild(spec: CrashChildSpec): void {
  // Load the native SQLite addon and run the migrations once in memory while waiting for `go`.
  openDatabase(':memory:').close();
  let input = '';
  process.stdin.on('data', (chunk: Buffer) => {
    input += chunk.toString('utf8');
    const match = /^go (\d+)( final)?\n/.exec(input);
    if (!match) return;
    process.stdin.pause();
    run(spec, Number(match[1]), match[2] !== undefined);
  });
}

function run(spec: CrashChildSpec, start: number, final: boolean): void {
  const clock = { now: () => new Date() };
  const db = openDatabase(env('CRASH_DB'));
  const outbox = new OutboxService({
    db,
    audit: new AuditLog(db, () => clock.now()),
    clock,
    notify: silentNotifier,
    concurrency: 4,
    backoff: { baseMs: 20, capMs: 200 },
    sendTimeoutMs: 5_000,
    onInternalError: (error) => line(`error ${(error as Error).message}`),
  });
  spec.register(outbox);
  outbox.start();
  line('ready');

  let next = start;
  const enqueueOne = (): void => {
    if (next >= spec.total) return void (final ? waitForDrain() : undefined);
    spec.enqueue(outbox, next);
    line(`ack ${next}`);
    next += 1;
    if (final) setImmediate(enqueueOne);
    else setTimeout(enqueueOne, spec.enqueueEveryMs);
  };
  const waitForDrain = (): void => {
    const s = outbox.summary();
    if (s.pending === 0) {
      void outbox.stop().then(() => {
        db.close();
        line(`drained ${s.done} ${s.parked}`);
        process.exit(0);
      });
      return;
    }
    setTimeout(waitForDrain, 20);
  };
  enqueueOne();
}
