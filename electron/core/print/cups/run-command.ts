import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RunOptions {
  /** Written to the child's stdin, then closed (lp reads the PDF this way: no file). */
  stdin?: Uint8Array;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

/** Enough for lpstat's answer or a tool's last complaint; a runaway child cannot fill memory. */
const maxOutputChars = 64 * 1024;

/**
 * Runs a program (never through a shell) and waits for it, for at most `timeoutMs`; then its
 * whole process group is killed, so a hung Chromium cannot leave helpers behind. Resolves
 * with what it printed; rejects only when the program cannot be started at all.
 * Output is read as C-locale text: lpstat's sentences are parsed, so they must not be translated.
 */
export function runCommand(command: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      env: { ...(options.env ?? process.env), LC_ALL: 'C', LANG: 'C' },
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const keep = (text: string, chunk: Buffer) => (text.length >= maxOutputChars ? text : text + chunk.toString('utf8').slice(0, maxOutputChars - text.length));
    child.stdout.on('data', (chunk: Buffer) => (stdout = keep(stdout, chunk)));
    child.stderr.on('data', (chunk: Buffer) => (stderr = keep(stderr, chunk)));
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone: nothing to kill.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    // A child that exits before reading all of stdin (lp refusing the queue) must not crash us with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin === undefined ? undefined : Buffer.from(options.stdin.buffer, options.stdin.byteOffset, options.stdin.byteLength));
  });
}
