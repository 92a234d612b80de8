import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStalePrintFolders } from '../../electron/core/print/chromium-pdf';

describe('print folders left by a crash', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('removes a kiosk-print folder older than five minutes with its HTML, and leaves a young one and other folders alone', async () => {
    root = mkdtempSync(join(tmpdir(), 'kiosk-stale-test-'));
    const now = Date.now();
    const make = (name: string, ageMs: number) => {
      const dir = join(root, name);
      mkdirSync(dir);
      writeFileSync(join(dir, 'document.html'), '<p>ABCD-EFGH-JKLM</p>');
      const at = new Date(now - ageMs);
      utimesSync(dir, at, at);
      return dir;
    };
    const stale = make('kiosk-print-Ab12Cd', 6 * 60_000);
    const running = make('kiosk-print-Xy34Zw', 30_000);
    const other = make('kiosk-printer-notes', 60 * 60_000);

    expect(await removeStalePrintFolders(root, now)).toBe(1);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(running)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });
});
