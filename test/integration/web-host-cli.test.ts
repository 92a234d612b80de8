import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'electron', 'web', 'cli.ts');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-web-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the web host CLI from source; stops it with SIGTERM once `until` matches stdout. */
function runCli(args: string[], env: NodeJS.ProcessEnv, until?: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root, env: { ...process.env, KIOSK_CONFIG: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (until?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('web host CLI', () => {
  it('prints exactly one line with the 127.0.0.1 URL and the data dir, and exits 0 on SIGTERM', async () => {
    const dataDir = join(dir, 'data');
    const result = await runCli(['--port', '0', '--data-dir', dataDir], {}, /\?token=\S+\n/);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Enrollment Kiosk web host \(data: .+\): http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
    expect(lines[0]).toContain(dataDir);
  });

  it('takes the data dir from KIOSK_DATA_DIR when --data-dir is not given', async () => {
    const dataDir = join(dir, 'from-env');
    const result = await runCli(['--port', '0'], { KIOSK_DATA_DIR: dataDir }, /\?token=\S+\n/);
    expect(result.stdout).toContain(`(data: ${dataDir})`);
  });

  it('refuses a bad port with a clear message and exit code 2', async () => {
    const result = await runCli(['--port', 'eighty', '--data-dir', dir], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port must be a number from 0 to 65535');
  });

  it('refuses an invalid config file naming the key and the problem, and starts nothing', async () => {
    const config = join(dir, 'kiosk.yaml');
    writeFileSync(config, 'locale: fr\nsecurity:\n  minPinLength: 2\n');
    const result = await runCli(['--port', '0', '--data-dir', dir, '--config', config], {});
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('locale');
    expect(result.stderr).toContain('security.minPinLength');
  });
});
