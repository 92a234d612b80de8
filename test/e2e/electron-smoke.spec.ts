import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error -- plain .mjs launcher module without type declarations
import { findElectronBinary } from '../../electron/launch/electron-binary.mjs';
// @ts-expect-error -- plain .mjs launcher module without type declarations
import { ensureElectronSqlite } from '../../electron/launch/electron-sqlite.mjs';
import { projectRoot } from './fixtures/web-host-process';

type Found = { ok: true; path: string; version: string } | { ok: false; reason: string };
const binary = findElectronBinary(projectRoot) as Found;

test.skip(!binary.ok, 'Electron binary not installed here (download blocked); runs where `npx electron --version` works');

test.describe('Electron shell smoke test', () => {
  let app: ElectronApplication;
  let page: Page;
  let dataDir: string;

  test.beforeAll(async () => {
    if (!binary.ok) return;
    const sqlite = ensureElectronSqlite(projectRoot, binary.version) as { ok: true; binding: string } | { ok: false; reason: string };
    if (!sqlite.ok) throw new Error(sqlite.reason);
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-electron-'));
    // Chromium refuses its sandbox as root (containers); everywhere else the sandbox stays on.
    const rootUser = process.platform === 'linux' && process.getuid?.() === 0;
    app = await electron.launch({
      executablePath: binary.path,
      args: [...(rootUser ? ['--no-sandbox'] : []), projectRoot],
      env: { ...process.env, KIOSK_DATA_DIR: dataDir, KIOSK_SQLITE_BINDING: sqlite.binding, KIOSK_CONFIG: '' },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('window opens on app://, window.kiosk answers over IPC, no Node in the page, strict CSP, navigation and new windows denied', async () => {
    await test.step('the kiosk window opens on app://kiosk, not file://', async () => {
      expect(page.url()).toMatch(/^app:\/\/kiosk\//);
      await expect(page.locator('#root > *').first()).toBeVisible();
      expect(await page.title()).toBe('Enrollment Kiosk');
    });

    await test.step('window.kiosk is present and answers app.info over IPC', async () => {
      const reply = await page.evaluate(async () => {
        const bridge = (window as unknown as { kiosk: { call(name: string, input: unknown): Promise<unknown> } }).kiosk;
        return bridge.call('app.info', {});
      });
      expect(reply).toMatchObject({ ok: true, result: { training: true } });
      const malformed = await page.evaluate(async () => {
        const bridge = (window as unknown as { kiosk: { call(name: string, input: unknown): Promise<unknown> } }).kiosk;
        return bridge.call('app.info', { unexpected: 1 });
      });
      expect(malformed).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    });

    await test.step('the page has no Node: no require, no process', async () => {
      const globals = await page.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        ipcRenderer: typeof (globalThis as { ipcRenderer?: unknown }).ipcRenderer,
      }));
      expect(globals).toEqual({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined' });
    });

    await test.step('a strict CSP is sent with the renderer and blocks inline script', async () => {
      const csp = await app.evaluate(async ({ net }) => (await net.fetch('app://kiosk/index.html')).headers.get('content-security-policy'));
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      const violated = await page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            document.addEventListener('securitypolicyviolation', (event) => resolve(event.effectiveDirective), { once: true });
            const script = document.createElement('script');
            script.textContent = 'window.__inlineRan = true;';
            document.head.append(script);
            setTimeout(() => resolve('no violation'), 2000);
          }),
      );
      expect(violated).toMatch(/^script-src/);
      expect(await page.evaluate(() => (window as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
    });

    await test.step('navigation away and new windows are denied', async () => {
      await page.evaluate(() => window.open('https://example.org/', '_blank'));
      await page.evaluate(() => {
        window.location.href = 'https://example.org/';
      });
      await page.waitForTimeout(500);
      expect(page.url()).toMatch(/^app:\/\/kiosk\//);
      expect(app.windows()).toHaveLength(1);
    });
  });
});
