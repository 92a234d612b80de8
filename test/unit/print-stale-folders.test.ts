import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStalePrintFolders } from '../../electron/core/print/chromium/print-folders';

describe('print folders left by a crash', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const now = Date.now();
  const make = (name: string, ageMs: number, owner?: number) => {
    const dir = join(root, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'document.html'), '<p>ABCD-EFGH-JKLM</p>');
    if (owner !== undefined) writeFileSync(join(dir, 'owner'), String(owner));
    const at = new Date(now - ageMs);
    utimesSync(dir, at, at);
    return dir;
  };

  it('removes an ownerless kiosk-print folder older than five minutes with its HTML, and leaves a young one and other folders alone', async () => {
    root = mkdtempSync(join(tmpdir(), 'kiosk-stale-test-'));
    const stale = make('kiosk-print-Ab12Cd', 6 * 60_000);
    const running = make('kiosk-print-Xy34Zw', 30_000);
    const other = make('kiosk-printer-notes', 60 * 60_000);

    expect(await removeStalePrintFolders(root, now)).toBe(1);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(running)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });

  it('keeps the folder of a kiosk process that still runs, however old (its Chromium is kept open), and removes one whose kiosk is gone, however young', async () => {
    root = mkdtempSync(join(tmpdir(), 'kiosk-stale-test-'));
    // A process that has ended: its id names no running process (for as long as the system does not reuse it).
    const ended = spawnSync('true').pid;
    const running = make('kiosk-print-Ru45Ab', 60 * 60_000, process.pid);
    const crashed = make('kiosk-print-Cr67Cd', 10_000, ended);

    expect(await removeStalePrintFolders(root, now)).toBe(1);
    expect(existsSync(running)).toBe(true);
    expect(existsSync(crashed)).toBe(false);
  });
});
