import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../electron/core/secrets/file-secret-store';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'electron', 'web', 'cli.ts');
const PYTHON = '/usr/bin/python3';
const SECRET = 'kc-Secret with spaces/and+symbols=';
/** Each run starts Node with tsx; on a busy machine that takes seconds. */
const SLOW = 120_000;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-secrets-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The web host entry's secrets command from source, stdin piped. */
function secrets(args: string[], input: string | null): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'secrets', ...args, '--data-dir', dir], { cwd: root, env: { ...process.env, KIOSK_DATA_DIR: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
    child.stdin.end(input ?? '');
  });
}

const stored = (name: string) => new FileSecretStore({ dataDir: dir, warn: () => undefined }).get(name);

describe('web host CLI: secrets set|has|delete NAME', () => {
  it('stores a piped value (less its line ending) in the 0600 file the connectors read, with the plaintext warning, never printing it', async () => {
    const result = await secrets(['set', 'idp.keycloak.clientSecret'], `${SECRET}\n`);
    expect(result.code).toBe(0);
    expect(result.output).toContain(`Stored the secret idp.keycloak.clientSecret (${SECRET.length} characters) in ${join(dir, 'secrets.json')}`);
    expect(result.output).toContain('not encrypted by the OS keychain');
    expect(result.output).not.toContain(SECRET);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(await stored('idp.keycloak.clientSecret')).toBe(SECRET);

    const has = await secrets(['has', 'idp.keycloak.clientSecret'], null);
    expect(has).toMatchObject({ code: 0, output: expect.stringContaining('is stored in') });
    expect(has.output).not.toContain(SECRET);
    expect((await secrets(['has', 'idp.entra.clientSecret'], null)).code).toBe(1);

    expect((await secrets(['delete', 'idp.keycloak.clientSecret'], null)).code).toBe(0);
    expect(await stored('idp.keycloak.clientSecret')).toBeNull();
    expect((await secrets(['has', 'idp.keycloak.clientSecret'], null)).code).toBe(1);
  }, SLOW);

  it('refuses an empty or oversized value, a bad name, bad usage and unknown options with exit code 2 and a clear message, storing nothing', async () => {
    const cases: Array<[string[], string, RegExp]> = [
      [['set', 'idp.keycloak.clientSecret'], '\n', /No value was given for idp\.keycloak\.clientSecret; nothing was stored/],
      [['set', 'idp.keycloak.clientSecret'], 'x'.repeat(20_000), /longer than 16384 characters; nothing was stored/],
      [['set', 'bad name!'], 'x', /"bad name!" is not a secret name/],
      [['set'], 'x', /Usage: secrets set NAME/],
      [['set', 'a', 'b'], 'x', /Usage: secrets set NAME/],
      [['show', 'idp.keycloak.clientSecret'], 'x', /Usage: secrets set NAME/],
      [['set', 'idp.x', '--value', 'oops'], 'x', /Unknown option '--value'[\s\S]*Usage: secrets set NAME/],
    ];
    const results = await Promise.all(cases.map(([args, input]) => secrets(args, input)));
    results.forEach((result, i) => {
      expect(result.code, JSON.stringify(cases[i]![0])).toBe(2);
      expect(result.output).toMatch(cases[i]![2]);
    });
    expect(existsSync(join(dir, 'secrets.json'))).toBe(false);
  }, SLOW);

  it.skipIf(!existsSync(PYTHON))('on a terminal, reads the value without echoing it (backspace works, Enter ends) [needs /usr/bin/python3 for a pseudo-terminal]', async () => {
    // Python's pty module gives the CLI a real terminal; the script types the value and prints all the terminal showed.
    const script = [
      'import os, pty, select, sys, time',
      'pid, fd = pty.fork()',
      'if pid == 0:',
      '    os.execv(sys.argv[1], sys.argv[1:])',
      'seen = b""',
      'def pump(until, limit):',
      '    global seen',
      '    end = time.time() + limit',
      '    while until not in seen and time.time() < end:',
      '        r, _, _ = select.select([fd], [], [], 0.2)',
      '        if r:',
      '            try: seen += os.read(fd, 4096)',
      '            except OSError: return',
      'pump(b"Enter ends", 30)',
      'os.write(fd, b"typed-Secret-9X\\x7fZ\\r")',
      'pump(b"\\x00never", 30)',
      '_, status = os.waitpid(pid, 0)',
      'sys.stdout.write(seen.decode("utf-8", "replace"))',
      'sys.exit(os.waitstatus_to_exitcode(status))',
    ].join('\n');
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(PYTHON, ['-c', script, process.execPath, '--import', 'tsx', cli, 'secrets', 'set', 'idp.authentik.apiToken', '--data-dir', dir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
    expect(result.code).toBe(0);
    expect(result.output).toContain('Value for idp.authentik.apiToken (typing is not shown; Enter ends)');
    expect(result.output).toContain('Stored the secret idp.authentik.apiToken (15 characters)');
    expect(result.output).not.toMatch(/typed|Secret-9/);
    expect(await stored('idp.authentik.apiToken')).toBe('typed-Secret-9Z');
  }, SLOW);
});
