import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/**
 * The parent side of journey-crash-safety.test.ts: runs kiosk children (journey-crash-child.ts,
 * bundled by buildChild) one after another on the same data dir, each SIGKILLed by its rule,
 * then one final child that finishes the journeys and drains the outbox.
 */
const root = new URL('../../..', import.meta.url).pathname;
/** Children loading their code ahead: loading the bundle costs more than most runs. */
const WARM_CHILDREN = 2;

/**
 * A run is killed at the first mark at or after marks[index], before it goes on, unless
 * `early` kills it first: `afterStart` ms after the child's core started, or `inTouch` ms
 * after a key first asked for a touch in this run, while it waits for the finger.
 */
export interface KillRule {
  index: number;
  early?: { kind: 'afterStart' | 'inTouch'; ms: number };
}

export interface RunRecord {
  rule: KillRule | null;
  /** The marks the run wrote, in order. */
  marks: string[];
  killedBy: 'mark' | 'early' | null;
}

export interface JourneyLoopOptions {
  childFile: string;
  env: Record<string, string>;
  /** Every mark a child may write, in journey order. */
  marks: string[];
  plan: KillRule[];
  /** The attendee's phone: called for every link the kiosk shows. */
  onLink(name: string, url: string): void;
  /** Subscribes to the keys' touch requests; returns the unsubscribe. */
  onTouchRequest(listener: () => void): () => void;
  runTimeoutMs: number;
}

export interface JourneyLoopResult {
  runs: RunRecord[];
  drained: string | null;
  finalExitCode: number | null;
  errors: string[];
}

interface Child {
  proc: ChildProcessWithoutNullStreams;
  onLine: (text: string) => void;
  errors: string[];
  exit: Promise<number | null>;
}

function spawnChild(file: string, env: Record<string, string>): Child {
  const proc = spawn(process.execPath, [file], { cwd: root, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const child: Child = { proc, onLine: () => {}, errors: [], exit: new Promise((resolve) => proc.once('exit', (code) => resolve(code))) };
  proc.stdin.on('error', () => {});
  let buffer = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const text of lines) child.onLine(text);
  });
  proc.stderr.on('data', (chunk: Buffer) => child.errors.push(chunk.toString('utf8').trim()));
  return child;
}

async function runOnce(child: Child, rule: KillRule | null, options: JourneyLoopOptions, onDrained: (text: string) => void): Promise<RunRecord> {
  const record: RunRecord = { rule, marks: [], killedBy: null };
  const kill = (by: 'mark' | 'early') => {
    record.killedBy ??= by;
    child.proc.kill('SIGKILL');
  };
  let killTimer: NodeJS.Timeout | undefined;
  const arm = (kind: 'afterStart' | 'inTouch') => {
    if (rule?.early?.kind === kind) killTimer ??= setTimeout(() => kill('early'), rule.early.ms);
  };
  const stopWatching = options.onTouchRequest(() => arm('inTouch'));
  child.onLine = (text) => {
    if (text === 'started') arm('afterStart');
    if (text.startsWith('error ')) child.errors.push(text.slice(6));
    else if (text.startsWith('drained ')) onDrained(text.slice(8));
    if (!text.startsWith('mark ')) return;
    const [name = '', payload = ''] = text.slice(5).split(' ');
    record.marks.push(name);
    const index = options.marks.indexOf(name);
    if (index < 0) child.errors.push(`unknown mark ${name}`);
    if (name.startsWith('link:')) options.onLink(name, payload);
    if (rule && index >= rule.index) return kill('mark');
    child.proc.stdin.write('next\n');
  };
  child.proc.stdin.write('go\n');
  const guard = setTimeout(() => {
    child.errors.push(`run timed out after ${options.runTimeoutMs} ms`);
    kill('early');
  }, options.runTimeoutMs);
  const code = await child.exit;
  stopWatching();
  clearTimeout(guard);
  clearTimeout(killTimer);
  if (!record.killedBy && code !== 0) child.errors.push(`child exited with ${code} without being killed`);
  return record;
}

export async function runJourneyKillLoop(options: JourneyLoopOptions): Promise<JourneyLoopResult> {
  const result: JourneyLoopResult = { runs: [], drained: null, finalExitCode: null, errors: [] };
  const warm = Array.from({ length: WARM_CHILDREN }, () => spawnChild(options.childFile, options.env));
  for (const rule of [...options.plan, null]) {
    const child = warm.shift()!;
    warm.push(spawnChild(options.childFile, options.env));
    const record = await runOnce(child, rule, options, (text) => {
      if (rule === null) result.drained = text;
    });
    result.runs.push(record);
    result.errors.push(...child.errors.filter(Boolean));
    if (rule === null) result.finalExitCode = (await child.exit) ?? null;
    if (result.errors.length > 0) break;
  }
  for (const idle of warm) idle.proc.kill('SIGKILL');
  await Promise.all(warm.map((idle) => idle.exit));
  return result;
}
