import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/app/create-core';
import { loadConfig } from '../../electron/core/app/load-config';
import { handleKioskCall } from '../../electron/main/kiosk-call';
import { appEntryUrl, appOrigin } from '../../electron/main/security/app-scheme';
import { contentSecurityPolicy } from '../../electron/host/content-security-policy';

describe('Electron renderer CSP (DESIGN.md section 7)', () => {
  it("sends a CSP that allows no network connection in Electron (calls go over IPC)", () => {
    expect(contentSecurityPolicy(null)).toContain("connect-src 'none'");
    expect(contentSecurityPolicy(null)).not.toMatch(/unsafe-(inline|eval)/);
  });
});

describe('Electron IPC call handling', () => {
  let dir: string;
  let core: Core;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-ipc-'));
    core = createCore({ config: loadConfig(undefined), dataDir: dir, version: '1.2.3-ipc' });
  });
  afterAll(async () => {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a call from the app:// page through the core', async () => {
    expect(await handleKioskCall(core.dispatch, [appOrigin], appEntryUrl, 'app.info', {})).toMatchObject({ ok: true, result: { version: '1.2.3-ipc' } });
  });

  it('refuses a sender from any other origin with forbidden, before the core sees it', async () => {
    for (const url of ['https://evil.example/', 'file:///tmp/index.html', 'app://kiosk.evil/', undefined]) {
      expect(await handleKioskCall(core.dispatch, [appOrigin], url, 'app.info', {}), String(url)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('answers a non-text name and malformed input with invalid_input', async () => {
    expect(await handleKioskCall(core.dispatch, [appOrigin], appEntryUrl, { name: 'app.info' }, {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // An attendee call, so the kiosk's lock (a facilitator call answers `locked` first) does not hide the input check.
    expect(await handleKioskCall(core.dispatch, [appOrigin], appEntryUrl, 'badge.scan', { sessionId: 7, raw: '100101' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
