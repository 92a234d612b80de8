import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RotatingFile } from '../../electron/core/log/rotating-file';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const line = (n: number) => `${JSON.stringify({ n, pad: 'x'.repeat(80) })}\n`;

describe('the rotating log file', () => {
  it('rotates before a line would pass the size, keeps the newest files, and drops the oldest', () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-log-'));
    const path = join(dir, 'logs', 'kiosk.log');
    const file = new RotatingFile({ path, maxBytes: 1_000, keep: 2 });
    for (let n = 0; n < 60; n += 1) file.write(line(n));
    file.close();
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['kiosk.log', 'kiosk.log.1', 'kiosk.log.2']);
    for (const name of ['kiosk.log', 'kiosk.log.1', 'kiosk.log.2']) expect(statSync(join(dir, 'logs', name)).size).toBeLessThanOrEqual(1_000);
    const numbers = (name: string) => readFileSync(join(dir, 'logs', name), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { n: number }).n);
    // Lines stay whole and in order across the files, newest last in kiosk.log.
    const kept = [...numbers('kiosk.log.2'), ...numbers('kiosk.log.1'), ...numbers('kiosk.log')];
    expect(kept).toEqual(kept.map((_, i) => 59 - kept.length + 1 + i));
  });

  it('appends to the file a previous run left, and is readable by its owner only', () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-log-'));
    const path = join(dir, 'logs', 'kiosk.log');
    const first = new RotatingFile({ path, maxBytes: 10_000, keep: 2 });
    first.write(line(1));
    first.close();
    const second = new RotatingFile({ path, maxBytes: 10_000, keep: 2 });
    second.write(line(2));
    second.close();
    expect(readFileSync(path, 'utf8')).toBe(line(1) + line(2));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'logs')).mode & 0o777).toBe(0o700);
  });
});
