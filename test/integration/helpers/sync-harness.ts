import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdpHttpClient, type TokenSource } from '../../../electron/core/idp/http/idp-http-client';
import { EventBus } from '../../../electron/core/events/event-bus';
import { AuditLog } from '../../../electron/core/store/audit-log';
import { openDatabase, type Db } from '../../../electron/core/store/open-database';
import { eventNotifier } from '../../../electron/core/sync/outbox-notifier';
import { OutboxService, type OutboxServiceOptions } from '../../../electron/core/sync/outbox-service';
import type { EventEnvelope } from '../../../shared/contract/envelope';
import { enrollmentHandler } from './sync-enrollment-handler';
import { SyncFakeIdp } from './sync-fake-idp';
import { enrollmentKind } from './test-outbox-kinds';

export const T0 = Date.parse('2026-03-02T09:00:00.000Z');

/** A real SQLite file in a fresh temp dir, a real fake IdP on 127.0.0.1, a clock the test moves. */
export async function syncHarness(options: Partial<Omit<OutboxServiceOptions, 'db' | 'audit' | 'clock' | 'notify'>> & { timeoutMs?: number; tokens?: (fake: SyncFakeIdp) => TokenSource } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-sync-'));
  const dbFile = join(dir, 'kiosk.sqlite');
  const fake = new SyncFakeIdp();
  await fake.listen();
  let now = T0;
  const clock = { now: () => new Date(now) };
  const events = new EventBus();
  const seen: EventEnvelope[] = [];
  events.subscribe((e) => seen.push(e));
  const open = (): { db: Db; audit: AuditLog; outbox: OutboxService } => {
    const db = openDatabase(dbFile);
    const audit = new AuditLog(db, () => clock.now());
    const { timeoutMs: _t, tokens: _k, ...rest } = options;
    const outbox = new OutboxService({ db, audit, clock, notify: eventNotifier(events), random: () => 0.5, sendTimeoutMs: 5_000, ...rest });
    return { db, audit, outbox };
  };
  const client = new IdpHttpClient({ idpLabel: 'Test IdP', baseUrl: fake.url, timeoutMs: options.timeoutMs ?? 2_000, tokens: options.tokens?.(fake), now: () => clock.now() });
  const handler = enrollmentHandler(client);
  const first = open();
  first.outbox.register('enrollment', handler);
  return {
    ...first,
    dir,
    dbFile,
    fake,
    handler,
    client,
    clock,
    events: seen,
    open,
    now: () => now,
    advanceTo(at: number) {
      now = at;
    },
    advance(ms: number) {
      now += ms;
    },
    enqueue(attendee: string, seq: number, key = `enr-${attendee}-${seq}`) {
      return first.outbox.enqueue(enrollmentKind, { idempotencyKey: key, subjectKey: attendee, payload: { attendee, seq } });
    },
    async close() {
      await first.outbox.stop();
      first.db.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type SyncHarness = Awaited<ReturnType<typeof syncHarness>>;
