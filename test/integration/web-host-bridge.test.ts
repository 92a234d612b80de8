import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TRAINING_FACILITATOR_PIN } from '../../electron/core/access/training-facilitator-key';
import { createCore, type Core } from '../../electron/core/app/create-core';
import { loadConfig } from '../../electron/core/app/load-config';
import { startWebHost, type WebHost } from '../../electron/web/start-web-host';

const indexHtml = `<!doctype html>
<html><head><title>Kiosk</title>
    <script type="module" crossorigin src="/assets/index-abc.js"></script>
</head><body><div id="root"></div></body></html>`;

let dir: string;
let core: Core;
let host: WebHost;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-web-host-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), indexHtml);
  writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'console.log("app");');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  core = createCore({ config: loadConfig(undefined), dataDir: join(dir, 'data'), version: '9.9.9-test' });
  host = await startWebHost({ core, rendererDir, port: 0 });
});

afterEach(async () => {
  await host.close();
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a bridge socket; resolves when open, rejects with the HTTP status when refused. */
function connect(options: { token?: string | null; origin?: string | null } = {}): Promise<WebSocket> {
  const token = options.token === undefined ? host.token : options.token;
  const origin = options.origin === undefined ? host.origin : options.origin;
  const url = `ws://127.0.0.1:${host.port}/bridge${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
  const ws = new WebSocket(url, origin === null ? {} : { origin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`refused with ${res.statusCode}`));
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)));
}

/** Sends a message and resolves with the next reply (events pushed meanwhile are skipped). */
function roundTrip(ws: WebSocket, message: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const parsed = JSON.parse(String(data)) as Record<string, unknown>;
      if ('event' in parsed) return;
      ws.off('message', onMessage);
      resolve(parsed);
    };
    ws.on('message', onMessage);
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

describe('web host: serving the renderer', () => {
  it('serves index.html with a strict CSP whose only connection is its own WebSocket bridge, and injects the bridge before the app script', async () => {
    const res = await get('/', { host: `127.0.0.1:${host.port}` });
    expect(res.status).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}/bridge`);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['cache-control']).toBe('no-store');
    const bridgeAt = res.body.indexOf('<script type="module" src="/web-bridge.js"></script>');
    const appAt = res.body.indexOf('src="/assets/index-abc.js"');
    expect(bridgeAt).toBeGreaterThan(0);
    expect(bridgeAt).toBeLessThan(appAt);
  });

  it('refuses paths that climb out of the renderer directory', async () => {
    const res = await get('/..%2fsecret.txt');
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('outside the renderer');
  });

  it('refuses a request whose Host header names another host (DNS rebinding)', async () => {
    const res = await get('/', { host: 'attacker.example:80' });
    expect(res.status).toBe(421);
  });

  it('prints a URL on 127.0.0.1 carrying the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });
});

describe('web host: who may open the bridge', () => {
  it('refuses a WebSocket without the token', async () => {
    await expect(connect({ token: null })).rejects.toThrow('refused with 401');
  });

  it('refuses a WebSocket with a wrong token', async () => {
    await expect(connect({ token: `${host.token.slice(0, -1)}${host.token.endsWith('A') ? 'B' : 'A'}` })).rejects.toThrow('refused with 401');
  });

  it('refuses a WebSocket from a foreign Origin even with the right token', async () => {
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow('refused with 403');
    await expect(connect({ origin: `http://localhost:${host.port}` })).rejects.toThrow('refused with 403');
  });

  it('refuses a WebSocket without an Origin header', async () => {
    await expect(connect({ origin: null })).rejects.toThrow('refused with 403');
  });
});

describe('web host: calls and events over the bridge', () => {
  it('answers a call with the core result', async () => {
    const ws = await connect();
    const reply = await roundTrip(ws, { id: 7, name: 'app.info', input: {} });
    expect(reply).toMatchObject({ id: 7, envelope: { ok: true, result: { version: '9.9.9-test', training: true } } });
    ws.close();
  });

  it('answers bad JSON with an invalid_input envelope and keeps the connection open', async () => {
    const ws = await connect();
    const reply = await roundTrip(ws, '{"id": 1, "name": ');
    expect(reply).toMatchObject({ id: null, envelope: { ok: false, error: { code: 'invalid_input' } } });
    const next = await roundTrip(ws, { id: 2, name: 'app.info', input: {} });
    expect(next).toMatchObject({ id: 2, envelope: { ok: true } });
    ws.close();
  });

  it('answers a message that is not a call with invalid_input, echoing the id when readable', async () => {
    const ws = await connect();
    const reply = await roundTrip(ws, { id: 'a1', name: 42 });
    expect(reply).toMatchObject({ id: 'a1', envelope: { ok: false, error: { code: 'invalid_input' } } });
    const details = (reply.envelope as { error: { details: { issues: Array<{ path: string }> } } }).error.details;
    expect(details.issues.map((issue) => issue.path)).toContain('name');
    ws.close();
  });

  it('refuses binary frames with invalid_input', async () => {
    const ws = await connect();
    const reply = nextMessage(ws);
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await reply).toMatchObject({ id: null, envelope: { ok: false, error: { code: 'invalid_input' } } });
    ws.close();
  });

  it('passes contract errors through as typed envelopes (unknown call, malformed input)', async () => {
    const ws = await connect();
    expect(await roundTrip(ws, { id: 1, name: 'no.such.call', input: {} })).toMatchObject({ id: 1, envelope: { ok: false, error: { code: 'unknown_call' } } });
    expect(await roundTrip(ws, { id: 2, name: 'app.info', input: { extra: true } })).toMatchObject({
      id: 2,
      envelope: { ok: false, error: { code: 'invalid_input' } },
    });
    ws.close();
  });

  it('carries a large call (a 5,000-row roster preview: 0.35 MB of CSV, sent as base64) in one message', async () => {
    const ws = await connect();
    // Starting a session and previewing a roster are the facilitator's: unlock over the bridge first.
    expect(await roundTrip(ws, { id: 0, name: 'access.unlock', input: { pin: TRAINING_FACILITATOR_PIN } })).toMatchObject({ id: 0, envelope: { ok: true } });
    const started = await roundTrip(ws, { id: 1, name: 'session.start', input: { department: 'Research', room: 'B-204', plannedMinutes: 30 } });
    const sessionId = (started.envelope as { result: { id: string } }).result.id;
    const rows = ['badge_id,given_name,family_name,email,department,manager'];
    for (let i = 0; i < 5000; i += 1) rows.push(`${400000 + i},Given${i},"Family, ${i}",p${i}@example.org,Research,Manager ${i % 30}`);
    const csv = `${rows.join('\n')}\n`;
    expect(csv.length).toBeGreaterThan(300_000);
    const reply = await roundTrip(ws, { id: 2, name: 'roster.preview', input: { sessionId, fileBase64: Buffer.from(csv).toString('base64') } });
    expect(reply).toMatchObject({ id: 2, envelope: { ok: true } });
    ws.close();
  });

  it('pushes core events to every connected browser', async () => {
    const first = await connect();
    const second = await connect();
    const gotFirst = nextMessage(first);
    const gotSecond = nextMessage(second);
    core.events.publish('session.changed', { sessionId: 'session-1' });
    const expected = { event: { name: 'session.changed', payload: { sessionId: 'session-1' } } };
    expect(await gotFirst).toEqual(expected);
    expect(await gotSecond).toEqual(expected);
    first.close();
    second.close();
  });

});
