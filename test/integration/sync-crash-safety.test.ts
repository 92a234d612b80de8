import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../electron/core/store/audit-log';
import { openDatabase } from '../../electron/core/store/open-database';
import { buildChild, runKillLoop } from './helpers/sync-crash-runner';
import { SyncFakeIdp } from './helpers/sync-fake-idp';

/**
 * SIGKILL a process that is enqueuing and syncing, at seeded random moments, restart it on the
 * same SQLite file, and check that every acknowledged enrollment reached the IdP exactly once.
 * The fake's POST is not idempotent: only the outbox's reconcile-before-resend (the handler's
 * `wasApplied`) keeps the "sent, not yet marked done" window from producing duplicates.
 * `npm test` runs 200 kills; `npm run soak` sets KIOSK_SOAK_KILLS (e.g. 2000).
 */
const KILLS = Number(process.env.KIOSK_SOAK_KILLS ?? 200);
const SEED = Number(process.env.KIOSK_SOAK_SEED ?? 4242);
const ATTENDEES = 25;
/** Enough work that the child is always busy when it dies, yet the drain stays short. */
const TOTAL = Math.max(300, KILLS * 4);

let dir: string;
let child: { file: string; remove(): void };
const fake = new SyncFakeIdp();

beforeAll(async () => {
  // SIGKILL kills the process, not the machine: the page cache survives, so tmpfs (no fsync
  // cost) tests the same thing as a disk, several times faster.
  dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'kiosk-crash-'));
  child = await buildChild('test/integration/helpers/outbox-crash-child.ts');
  // Apply first, answer 2 ms later: a kill in between is the dangerous window.
  fake.delayMs = 2;
  await fake.listen();
});

afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
  child.remove();
});

describe('outbox crash safety', () => {
  it(
    `loses and repeats no enrollment when the syncing process is SIGKILLed ${KILLS} times at random moments`,
    async () => {
      const dbFile = join(dir, 'kiosk.sqlite');
      const started = Date.now();
      const result = await runKillLoop({
        childFile: child.file,
        env: { CRASH_DB: dbFile, CRASH_FAKE_URL: fake.url, CRASH_TOTAL: String(TOTAL), CRASH_ATTENDEES: String(ATTENDEES), CRASH_ENQUEUE_EVERY_MS: '3' },
        kills: KILLS,
        seed: SEED,
        killWindowMs: 100,
      });

      const losses: number[] = [];
      const duplicates: number[] = [];
      for (let i = 0; i < TOTAL; i += 1) {
        const n = fake.applied.get(`enr-${i}`) ?? 0;
        if (n === 0) losses.push(i);
        if (n > 1) duplicates.push(i);
      }
      const db = openDatabase(dbFile);
      const states = db.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all() as Array<{ state: string; n: number }>;
      const synced = db.prepare(`SELECT json_extract(data, '$.how') AS how, COUNT(*) AS n FROM audit_log WHERE action = 'outbox.synced' GROUP BY how`).all() as Array<{ how: string; n: number }>;
      const chain = new AuditLog(db, () => new Date()).verify();
      db.close();
      const orderViolations = Array.from({ length: ATTENDEES }, (_, a) => fake.order.filter((o) => o.body.attendee === `attendee-${a}`).map((o) => o.body.seq)).filter((seqs) =>
        seqs.some((s, i) => i > 0 && s < seqs[i - 1]!),
      ).length;

      const summary = {
        test: 'sync-crash-safety',
        kills: result.kills,
        killedBeforeReady: result.killedBeforeReady,
        items: TOTAL,
        ackedBeforeFinalRun: result.acked,
        reachedIdp: fake.applied.size,
        losses: losses.length,
        duplicates: duplicates.length,
        reconciledAfterCrash: synced.find((s) => s.how === 'reconciled')?.n ?? 0,
        sentNormally: synced.find((s) => s.how === 'sent')?.n ?? 0,
        orderViolations,
        seconds: Math.round((Date.now() - started) / 100) / 10,
        killPhaseSeconds: Math.round(result.killPhaseMs / 100) / 10,
        dataDir: dir.startsWith('/dev/shm') ? 'tmpfs' : 'disk',
        seed: SEED,
      };
      console.log(JSON.stringify(summary));

      expect(result.errors).toEqual([]);
      expect(result.finalExitCode).toBe(0);
      expect(result.drained).toBe(`${TOTAL} 0`);
      expect(result.kills).toBe(KILLS);
      expect(losses).toEqual([]);
      expect(duplicates).toEqual([]);
      expect(fake.applied.size).toBe(TOTAL);
      expect(states).toEqual([{ state: 'done', n: TOTAL }]);
      expect(orderViolations).toBe(0);
      expect(chain.ok).toBe(true);
      // The dangerous window (sent, not yet marked done) was really hit and handled by reconciling.
      expect(summary.reconciledAfterCrash).toBeGreaterThan(0);
    },
    60_000 + KILLS * 1_000,
  );
});
