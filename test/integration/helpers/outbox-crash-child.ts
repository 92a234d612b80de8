/**
 * The process the crash-safety test kills. It loads its code, then waits for `go <start>
 * [final]` on stdin (so the parent can start the next child while the current one runs), opens
 * the kiosk's SQLite file, starts the outbox worker (which recovers what a killed predecessor
 * left 'sending'), and enqueues enrollments from <start> on, writing `ack <n>` once enrollment
 * n is committed, like the UI saying "done". In final mode it enqueues the rest, waits until
 * the outbox is empty and exits.
 */
import { writeSync } from 'node:fs';
import { IdpHttpClient } from '../../../electron/core/idp/http/idp-http-client';
import { AuditLog } from '../../../electron/core/store/audit-log';
import { openDatabase } from '../../../electron/core/store/open-database';
import { silentNotifier } from '../../../electron/core/sync/outbox-notifier';
import { OutboxService } from '../../../electron/core/sync/outbox-service';
import { enrollmentHandler } from './sync-enrollment-handler';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const dbFile = env('CRASH_DB');
const fakeUrl = env('CRASH_FAKE_URL');
const total = Number(env('CRASH_TOTAL'));
const attendees = Number(env('CRASH_ATTENDEES'));
const enqueueEveryMs = Number(env('CRASH_ENQUEUE_EVERY_MS'));

const line = (text: string): void => {
  // Synchronous, so a line the parent reads was written before any later step.
  writeSync(1, `${text}\n`);
};

function run(start: number, final: boolean): void {
  const clock = { now: () => new Date() };
  const db = openDatabase(dbFile);
  const audit = new AuditLog(db, () => clock.now());
  const outbox = new OutboxService({
    db,
    audit,
    clock,
    notify: silentNotifier,
    concurrency: 4,
    backoff: { baseMs: 20, capMs: 200 },
    sendTimeoutMs: 5_000,
    onInternalError: (error) => line(`error ${(error as Error).message}`),
  });
  outbox.register('enrollment', enrollmentHandler(new IdpHttpClient({ idpLabel: 'Crash fake IdP', baseUrl: fakeUrl, timeoutMs: 3_000 })));
  outbox.start();
  line('ready');

  let next = start;
  const enqueueOne = (): void => {
    if (next >= total) return void (final ? waitForDrain() : undefined);
    const attendee = `attendee-${next % attendees}`;
    outbox.enqueue({ idempotencyKey: `enr-${next}`, subjectKey: attendee, kind: 'enrollment', payload: { attendee, seq: next } });
    line(`ack ${next}`);
    next += 1;
    if (final) setImmediate(enqueueOne);
    else setTimeout(enqueueOne, enqueueEveryMs);
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

// Load the native SQLite addon and run the migrations once in memory while waiting for `go`.
openDatabase(':memory:').close();

let input = '';
process.stdin.on('data', (chunk: Buffer) => {
  input += chunk.toString('utf8');
  const match = /^go (\d+)( final)?\n/.exec(input);
  if (!match) return;
  process.stdin.pause();
  run(Number(match[1]), match[2] !== undefined);
});
