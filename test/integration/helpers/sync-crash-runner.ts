import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * The parent side of the crash-safety tests: precompile a child once, then SIGKILL children
 * at seeded random moments, restarting each time on the same SQLite file, and finish with one
 * run that drains the outbox.
 */
const root = new URL('../../..', import.meta.url).pathname;

/** Bundles a child entry with esbuild: starting tsx hundreds of times would cost more than the test. */
export async function buildChild(entry: string): Promise<{ file: string; remove(): void }> {
  const outDir = join(root, 'node_modules', '.cache', 'kiosk-sync-crash');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${entry.replace(/\W+/g, '-')}-${process.pid}.cjs`);
  await build({
    entryPoints: [join(root, entry)],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'pg-native'],
    minify: true,
    logLevel: 'error',
  });
  return { file, remove: () => rmSync(file, { force: true }) };
}

export function lcg(seed: number): () => number {
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
function spawnChild(file: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, [file], { cwd: root, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
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

export interface KillLoopOptions {
  childFile: string;
  env: Record<string, string>;
  kills: number;
  seed: number;
  /** A kill lands uniformly within this many ms after the child said ready (or during start-up, 1 time in 8). */
  killWindowMs: number;
  /** Children loading their code ahead of time (start-up is most of a cycle's cost). */
  warmChildren?: number;
}

export interface KillLoopResult {
  kills: number;
  killedBeforeReady: number;
  /** Items acknowledged as committed before the final run. */
  acked: number;
  finalExitCode: number | null;
  drained: string | null;
  errors: string[];
  killPhaseMs: number;
}

export async function runKillLoop(options: KillLoopOptions): Promise<KillLoopResult> {
  const random = lcg(options.seed);
  const started = Date.now();
  let acked = -1;
  let kills = 0;
  let killedBeforeReady = 0;
  const errors: string[] = [];
  const warm = Array.from({ length: options.warmChildren ?? 2 }, () => spawnChild(options.childFile, options.env));
  while (kills < options.kills) {
    const run = warm.shift()!;
    run.go(acked + 1, false);
    warm.push(spawnChild(options.childFile, options.env));
    if (random() >= 1 / 8) await run.whenReady;
    await sleep(random() * options.killWindowMs);
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
  return { kills, killedBeforeReady, acked: acked + 1, finalExitCode: finalExit.code, drained: finalRun.drained, errors, killPhaseMs };
}
