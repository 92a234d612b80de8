import { spawn } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKioskSigningKey } from '../../electron/core/audit/kiosk-signing-key';
import { FileSecretStore } from '../../electron/core/secrets/file-secret-store';
import { AuditLog } from '../../electron/core/store/audit-log';
import { openDatabase } from '../../electron/core/store/open-database';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'electron', 'web', 'cli.ts');
/** Each run starts Node with tsx; on a busy machine that takes seconds. */
const SLOW = 120_000;

let dir: string;
let dataDir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-audit-cli-'));
  dataDir = join(dir, 'data');
  // A kiosk's log: six events on 1 March, four on 2 March.
  const db = openDatabase(join(dataDir, 'kiosk.sqlite'));
  let n = 0;
  const log = new AuditLog(db, () => new Date(Date.parse(n < 6 ? '2026-03-01T10:00:00.000Z' : '2026-03-02T10:00:00.000Z') + (n += 1) * 1000));
  for (let i = 1; i <= 10; i += 1) log.append({ actor: 'Ingrid Falk', action: 'badge.scan', subject: `attendee-${i}`, data: { outcome: 'matched' } });
  db.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The web host entry's audit command from source. */
function audit(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'audit', ...args, '--data-dir', dataDir], { cwd: root, env: { ...process.env, KIOSK_DATA_DIR: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('host command: audit export and audit verify', () => {
  it('exports a day signed with the kiosk key (0600, not overwriting), verifies it with the recorded fingerprint, and fails a changed byte at its event with exit 1', async () => {
    const out = join(dir, 'march-2.json');
    const exported = await audit(['export', '--from', '2026-03-02', '--to', '2026-03-02', '--out', out]);
    expect(exported.stderr).not.toMatch(/failed/);
    expect(exported.code).toBe(0);
    const fingerprint = (await loadKioskSigningKey(new FileSecretStore({ dataDir, warn: () => undefined }))).fingerprint;
    expect(exported.stdout).toContain(`Exported 4 audit events (seq 7 to 10) from 2026-03-02T00:00:00.000Z to 2026-03-03T00:00:00.000Z to ${out}.`);
    expect(exported.stdout).toContain(`Signed by this kiosk's key ${fingerprint}.`);
    expect(statSync(out).mode & 0o777).toBe(0o600);

    const verified = await audit(['verify', out, '--public-key', fingerprint]);
    expect(verified).toMatchObject({ code: 0, stderr: '' });
    expect(verified.stdout).toMatch(/^OK: 4 events \(seq 7 to 10\) from 2026-03-02T00:00:00.000Z to 2026-03-03T00:00:00.000Z, chain intact/);
    expect(verified.stdout).toContain(`Signed by ${fingerprint}`);

    const text = readFileSync(out, 'utf8');
    const changed = join(dir, 'changed.json');
    writeFileSync(changed, text.replace('"attendee-8"', '"attendee-9"'));
    expect(await audit(['verify', changed])).toMatchObject({ code: 1, stdout: 'FAILED at event 8 (changed): Event 8 was changed after it was written.\n' });

    const again = await audit(['export', '--out', out]);
    expect(again).toMatchObject({ code: 2, stderr: expect.stringContaining(`${out} exists already; nothing was written.`) });
    expect(readFileSync(out, 'utf8')).toBe(text);
  }, SLOW);

  it('names a removed event and a key other than the one recorded, exiting 1', async () => {
    const out = join(dir, 'all.json');
    expect((await audit(['export', '--out', out])).code).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8')) as { events: Array<{ seq: number }> };
    const removed = join(dir, 'removed.json');
    writeFileSync(removed, JSON.stringify({ ...file, events: file.events.filter((event) => event.seq !== 4) }));
    const [missing, otherKey] = await Promise.all([audit(['verify', removed]), audit(['verify', out, '--public-key', 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'])]);
    expect(missing).toMatchObject({ code: 1, stdout: 'FAILED at event 4 (missing): Event 4 is missing: the log jumps to 5.\n' });
    expect(otherKey.code).toBe(1);
    expect(otherKey.stdout).toMatch(/^FAILED \(public key wrong\): The export was signed by the kiosk key SHA256:\S+, not by the key given \(SHA256:A+\)/);
    // The public key itself, from a PEM file IT kept, instead of the fingerprint.
    const pem = join(dir, 'kiosk-key.pem');
    const { publicKey } = await loadKioskSigningKey(new FileSecretStore({ dataDir, warn: () => undefined }));
    writeFileSync(pem, createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' }));
    expect(await audit(['verify', out, '--public-key', pem])).toMatchObject({ code: 0, stdout: expect.stringContaining(', the key given.') });
  }, SLOW);

  it('refuses bad usage, a bad range, missing kiosk data and an unreadable file with exit 2 and a clear message, writing nothing', async () => {
    const out = join(dir, 'x.json');
    const cases: Array<[string[], RegExp]> = [
      [['export'], /"audit export" needs --out FILE/],
      [['export', '--from', 'March', '--out', out], /--from "March" is neither a day \(2026-03-01\) nor an instant/],
      [['export', '--from', '2026-03-02', '--to', '2026-03-01', '--out', out], /The export range must end after it starts/],
      [['verify'], /Usage: audit export/],
      [['verify', join(dir, 'nowhere.json')], /The export .*nowhere\.json cannot be read \(ENOENT\)/],
      [['show'], /Usage: audit export/],
    ];
    const results = await Promise.all(cases.map(([args]) => audit(args)));
    results.forEach((result, i) => {
      expect(result.code, JSON.stringify(cases[i]![0])).toBe(2);
      expect(result.stderr).toMatch(cases[i]![1]);
    });
    expect(existsSync(out)).toBe(false);
    rmSync(dataDir, { recursive: true });
    const noData = await audit(['export', '--out', out]);
    expect(noData).toMatchObject({ code: 2, stderr: expect.stringContaining('There is no kiosk data in') });
    expect(existsSync(out)).toBe(false);
  }, SLOW);
});
