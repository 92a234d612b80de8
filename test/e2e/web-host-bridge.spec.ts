import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { expect, shot, test } from './fixtures/kiosk';
import { spawnWebHost, type RunningWebHost } from './fixtures/web-host-process';
import { checkScreen, kioskDisplays } from './screen-checks';

/** Opens a bridge socket from Node; resolves 'open' or the HTTP status of the refusal. */
function tryBridge(url: string, origin: string | undefined): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      ws.terminate();
      resolve(`refused ${res.statusCode}`);
    });
    ws.once('error', (error) => resolve(`error ${error.message}`));
  });
}

test.describe('web host bridge in Chromium', () => {
  test('the page loads without console errors or CSP violations, window.kiosk answers app.info and the token leaves the address bar', async ({ page, kiosk }) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.reload();
    await expect(page.locator('#root > *').first()).toBeVisible();
    const info = await page.evaluate(async () => {
      const bridge = (window as unknown as { kiosk: { call(name: string, input: unknown): Promise<unknown> } }).kiosk;
      return bridge.call('app.info', {});
    });
    expect(info).toMatchObject({ ok: true, result: { training: true, dataDir: kiosk.dataDir } });
    expect(page.url()).not.toContain('token=');
    expect(problems).toEqual([]);
    await shot(page, 'web-host-first-screen');
  });

  test('a malformed call comes back as a typed invalid_input error', async ({ page }) => {
    const reply = await page.evaluate(async () => {
      const bridge = (window as unknown as { kiosk: { call(name: string, input: unknown): Promise<unknown> } }).kiosk;
      return bridge.call('session.start', { department: '', plannedMinutes: 'thirty' });
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  test('a reload keeps working: the token is kept for this tab only', async ({ page }) => {
    await page.reload();
    const reply = await page.evaluate(async () => {
      const bridge = (window as unknown as { kiosk: { call(name: string, input: unknown): Promise<unknown> } }).kiosk;
      return bridge.call('app.info', {});
    });
    expect(reply).toMatchObject({ ok: true });
  });

  test('when the host goes away, a call is answered with a typed unavailable error instead of hanging', async ({ page, kiosk }) => {
    await expect(page.locator('#root > *').first()).toBeVisible();
    await kiosk.stopHost();
    const reply = await page.evaluate(async () => {
      const bridge = (window as unknown as { kiosk: { call(name: string, input: unknown): Promise<unknown> } }).kiosk;
      return bridge.call('app.info', {});
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  test('the CSP header blocks inline script and connections anywhere but the bridge', async ({ page }) => {
    const violations = await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const seen: string[] = [];
          document.addEventListener('securitypolicyviolation', (event) => seen.push(event.effectiveDirective));
          const script = document.createElement('script');
          script.textContent = 'window.__inlineRan = true;';
          document.head.append(script);
          const socket = new WebSocket('ws://127.0.0.1:9/elsewhere');
          socket.onerror = () => undefined;
          setTimeout(() => resolve(seen), 1000);
        }),
    );
    expect(violations).toEqual(expect.arrayContaining([expect.stringMatching(/^script-src/), 'connect-src']));
    expect(await page.evaluate(() => (window as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
  });

  test('a WebSocket without the token, or from a foreign Origin, is refused', async ({ kiosk }) => {
    const bridge = `${kiosk.origin.replace('http:', 'ws:')}/bridge`;
    expect(await tryBridge(bridge, kiosk.origin)).toBe('refused 401');
    expect(await tryBridge(`${bridge}?token=${kiosk.token}`, 'http://evil.example')).toBe('refused 403');
    expect(await tryBridge(`${bridge}?token=${kiosk.token}`, kiosk.origin)).toBe('open');
  });

  test('a page served from another local origin cannot open the bridge, even knowing the token', async ({ page, kiosk }) => {
    const foreign: Server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>elsewhere</title>');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    try {
      await page.goto(`http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`);
      const outcome = await page.evaluate(async (target) => {
        return new Promise<string>((resolve) => {
          const ws = new WebSocket(`${target.origin.replace('http:', 'ws:')}/bridge?token=${target.token}`);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        });
      }, { origin: kiosk.origin, token: kiosk.token });
      expect(outcome).toBe('refused');
    } finally {
      foreign.closeAllConnections();
      await new Promise((resolve) => foreign.close(resolve));
    }
  });
});

/** A port that was free a moment ago, so a restarted host can listen where the page looks for it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test.describe('a page whose host goes away', () => {
  let host: RunningWebHost | null = null;
  let dataDir = '';
  test.afterEach(async () => {
    await host?.stop();
    host = null;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('says so at once without a touch; a host restarted with --keep-token takes it back by itself; one restarted with a new token is named', async ({ browser }) => {
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-reconnect-'));
    const port = String(await freePort());
    host = await spawnWebHost(dataDir, ['--port', port, '--keep-token']);
    const context = await browser.newContext({ viewport: kioskDisplays[0] });
    const page = await context.newPage();
    await page.goto(host.url);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

    // The host dies: the page says so by itself, nobody has touched it.
    host.process.kill('SIGKILL');
    await expect(page.getByRole('alert').filter({ hasText: 'The kiosk lost its service' })).toBeVisible({ timeout: 5_000 });
    await checkScreen(page, 'bridge-01-host-lost');

    // Restarted on the same port with the token it kept: the page reconnects and loads afresh.
    host = await spawnWebHost(dataDir, ['--port', port, '--keep-token']);
    await expect(page.getByRole('alert').filter({ hasText: 'The kiosk lost its service' })).toBeHidden({ timeout: 20_000 });
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await page.evaluate(async () => ((await (window as unknown as { kiosk: { call(n: string, i: unknown): Promise<{ ok: boolean }> } }).kiosk.call('app.info', {})).ok))).toBe(true);

    // Restarted with a new token: the page cannot get back in, and says what to do.
    await host.stop();
    host = await spawnWebHost(dataDir, ['--port', port]);
    await expect(page.getByRole('alert').filter({ hasText: 'The kiosk service was restarted' })).toBeVisible({ timeout: 20_000 });
    await checkScreen(page, 'bridge-02-new-address');
    await context.close();
  });
});
