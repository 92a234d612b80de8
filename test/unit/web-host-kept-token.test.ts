import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keptToken } from '../../electron/web/kept-token';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('--keep-token keeps the web host\'s access token in the data folder', () => {
  it('makes one owner-only token the first time and answers the same one at every later start', () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-token-'));
    const first = keptToken(dir);
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(statSync(join(dir, 'web-host.token')).mode & 0o777).toBe(0o600);
    expect(keptToken(dir)).toBe(first);
  });

  it('replaces a kept file that holds no token of its form rather than starting with it', () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-token-'));
    writeFileSync(join(dir, 'web-host.token'), 'short\n', { mode: 0o600 });
    const token = keptToken(dir);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(readFileSync(join(dir, 'web-host.token'), 'utf8').trim()).toBe(token);
  });
});
