import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../electron/core/store/audit-log';
import { openDatabase } from '../../electron/core/store/open-database';
import { SyncFakeIdp } from './helpers/sync-fake-idp';

/**
 * SIGKILL a process that is enqueuing and syncing, at seeded random moments, restart it on the
 * same SQLite file, and check that every acknowledged enrollment reached the IdP exactly once.
 * `npm test` runs 200 kills; `npm run soak` sets KIOSK_SOAK_KILLS (e.g. 2000).
 */
const KILLS = Number(process.env.KIOSK_SOAK_KILLS ?? 200);
const SEED = Number(process.env.KIOSK_SOAK_SEED ?? 4242);
const ATTENDEES = 25;
/** Enough work that the child is always busy when it dies, yet the drain stays short. */
const TOTAL = Math.max(300, KILLS * 4);
const ENQUEUE_EVERY_MS = 3;
/** A kill lands this long after the child said ready (uniform), or during start-up 1 time in 8. */
const KILL_WINDOW_MS = 100;
const WARM_CHILDREN = 2;

const root = new URL('../..', import.meta.url).pathname;
let dir: string;
let childJs: string;
const fake = new SyncFakeIdp();

beforeAll(async () => {
  // SIGKILL kills the process, not the machine: the page cache survives, so tmpfs (no fsync
  // cost) tests the same thing as a disk, several times faster.
  dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'kiosk-crash-'));
  // Precompiled once: starting tsx 200 times would cost more than the test itself.
  const outDir = join(root, 'node_modules', '.cache', 'kiosk-sync-crash');
  mkdirSync(outDir, { recursive: true });
  childJs = join(outDir, `outbox-crash-child-${process.pid}.cjs`);
  await build({
    entryPoints: [join(root, 'test/integration/helpers/outbox-crash-child.ts')],
    outfile: childJs,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3'],
    minify: true,
    logLevel: 'error',
  });
  fake.delayMs = 2;
  await fake.listen();
});

afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(childJs, { force: true });
});

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

interface Child {
  acked: number;
  ready: boolean;
  drained: string | null;
  errors: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  whenReady: Promise<void>;
  go(start: number, final: boolean): void;
  kill(): void;
}

/** Spawns a child that loads its code and then waits for `go`: start-up overlaps the previous run. */
function spawnChild(dbFile: string): Child {
  const child = spawn(process.execPath, [childJs], {
    cwd: root,
    env: {
      ...process.env,
      CRASH_DB: dbFile,
      CRASH_FAKE_URL: fake.url,
      CRASH_TOTAL: String(TOTAL),
      CRASH_ATTENDEES: String(ATTENDEES),
      CRASH_ENQUEUE_EVERY_MS: String(ENQUEUE_EVERY_MS),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let markReady: () => void = () => {};
  const run: Child = {
    acked: -1,
    ready: false,
    drained: null,
    errors: [],
    exit: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
    whenReady: new Promise<void>((resolve) => (markReady = resolve)),
    go(start, final) {
      run.acked = start - 1;
      child.stdin.write(`go ${start}${final ? ' final' : ''}\n`);
    },
    kill: () => child.kill('SIGKILL'),
  };
  child.stdin.on('error', () => {});
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const l of lines) {
      if (l === 'ready') {
        run.ready = true;
        markReady();
      } else if (l.startsWith('ack ')) run.acked = Math.max(run.acked, Number(l.slice(4)));
      else if (l.startsWith('drained ')) run.drained = l.slice(8);
      else if (l.startsWith('error ')) run.errors.push(l.slice(6));
    }
  });
  child.stderr.on('data', (chunk: Buffer) => run.errors.push(chunk.toString('utf8').trim()));
  void run.exit.then(markReady);
  return run;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('outbox crash safety', () => {
  it(
    `loses and repeats no enrollment when the syncing process is SIGKILLed ${KILLS} times at random moments`,
    async () => {
      const dbFile = join(dir, 'kiosk.sqlite');
      const random = lcg(SEED);
      let acked = -1;
      let kills = 0;
      let killedBeforeReady = 0;
      const errors: string[] = [];
      const started = Date.now();
      // Children load their code ahead of time (start-up is most of a cycle's cost).
      const warm = Array.from({ length: WARM_CHILDREN }, () => spawnChild(dbFile));
      while (kills < KILLS) {
        const run = warm.shift()!;
        run.go(acked + 1, false);
        warm.push(spawnChild(dbFile));
        if (random() < 1 / 8) {
          await sleep(random() * KILL_WINDOW_MS);
        } else {
          await run.whenReady;
          await sleep(random() * KILL_WINDOW_MS);
        }
        if (!run.ready) killedBeforeReady += 1;
        run.kill();
        const exit = await run.exit;
        errors.push(...run.errors.filter(Boolean));
        if (exit.signal === 'SIGKILL') kills += 1;
        acked = Math.max(acked, run.acked);
      }

      const killPhaseMs = Date.now() - started;
      const finalRun = warm.shift()!;
      finalRun.go(acked + 1, true);
      for (const idle of warm) idle.kill();
      const finalExit = await finalRun.exit;
      errors.push(...finalRun.errors.filter(Boolean));

      const losses: number[] = [];
      const duplicates: number[] = [];
      for (let i = 0; i < TOTAL; i += 1) {
        const n = fake.applied.get(`enr-${i}`) ?? 0;
        if (n === 0) losses.push(i);
        if (n > 1) duplicates.push(i);
      }
      const db = openDatabase(dbFile);
      const states = db.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all() as Array<{ state: string; n: number }>;
      const audit = new AuditLog(db, () => new Date());
      const synced = db.prepare(`SELECT json_extract(data, '$.how') AS how, COUNT(*) AS n FROM audit_log WHERE action = 'outbox.synced' GROUP BY how`).all() as Array<{ how: string; n: number }>;
      const chain = audit.verify();
      db.close();
      const orderBroken = Array.from({ length: ATTENDEES }, (_, a) => fake.order.filter((o) => o.body.attendee === `attendee-${a}`).map((o) => o.body.seq)).filter(
        (seqs) => seqs.some((s, i) => i > 0 && s < seqs[i - 1]!),
      ).length;

      const summary = {
        test: 'sync-crash-safety',
        kills,
        killedBeforeReady,
        items: TOTAL,
        ackedBeforeFinalRun: acked + 1,
        reachedIdp: fake.applied.size,
        losses: losses.length,
        duplicates: duplicates.length,
        reconciledAfterCrash: synced.find((s) => s.how === 'reconciled')?.n ?? 0,
        sentNormally: synced.find((s) => s.how === 'sent')?.n ?? 0,
        orderViolations: orderBroken,
        seconds: Math.round((Date.now() - started) / 100) / 10,
        killPhaseSeconds: Math.round(killPhaseMs / 100) / 10,
        dataDir: dir.startsWith('/dev/shm') ? 'tmpfs' : 'disk',
        seed: SEED,
      };
      console.log(JSON.stringify(summary));

      expect(errors).toEqual([]);
      expect(finalExit.code).toBe(0);
      expect(finalRun.drained).toBe(`${TOTAL} 0`);
      expect(kills).toBe(KILLS);
      expect(losses).toEqual([]);
      expect(duplicates).toEqual([]);
      expect(fake.applied.size).toBe(TOTAL);
      expect(states).toEqual([{ state: 'done', n: TOTAL }]);
      expect(orderBroken).toBe(0);
      expect(chain.ok).toBe(true);
      // The dangerous window (sent, not yet marked done) was really hit and handled by reconciling.
      expect(summary.reconciledAfterCrash).toBeGreaterThan(0);
    },
    60_000 + KILLS * 1_000,
  );
});
