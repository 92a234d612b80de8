import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IdpHttpClient, type IdpRequestDone } from '../../electron/core/idp/http/idp-http-client';

const BEARER = 'eyJhbGciOiJSUzI1NiJ9.bearer-secret';
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  // 401 on the first try of /users, so the report of a refreshed attempt shows too.
  let refused = false;
  server = createServer((req, res) => {
    if (req.url?.startsWith('/realms/kiosk/users') && !refused) {
      refused = true;
      res.writeHead(401).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('IdpHttpClient reports each request for the log', () => {
  it('with method, path, query names, status and duration, and no query value, body or token', async () => {
    const done: IdpRequestDone[] = [];
    const client = new IdpHttpClient({ idpLabel: 'Keycloak', baseUrl, timeoutMs: 5_000, tokens: { token: async () => BEARER, invalidate: () => undefined }, onRequestDone: (r) => done.push(r) });
    await client.json({ method: 'GET', path: '/realms/kiosk/users', query: { q: 'badge:40021', exact: 'true' }, what: 'looking up the user' }, z.array(z.unknown()));
    await client.empty({ method: 'POST', path: '/realms/kiosk/token', form: { client_secret: 'form-secret' }, what: 'getting a token', auth: false });
    expect(done).toEqual([
      { idp: 'Keycloak', method: 'GET', path: '/realms/kiosk/users', query: ['q', 'exact'], status: 401, ms: expect.any(Number) },
      { idp: 'Keycloak', method: 'GET', path: '/realms/kiosk/users', query: ['q', 'exact'], status: 200, ms: expect.any(Number) },
      { idp: 'Keycloak', method: 'POST', path: '/realms/kiosk/token', query: [], status: 200, ms: expect.any(Number) },
    ]);
    const text = JSON.stringify(done);
    for (const secret of ['40021', BEARER, 'form-secret']) expect(text).not.toContain(secret);
  });

  it('with status null when no answer came', async () => {
    const done: IdpRequestDone[] = [];
    const client = new IdpHttpClient({ idpLabel: 'authentik', baseUrl: 'http://127.0.0.1:9', timeoutMs: 2_000, onRequestDone: (r) => done.push(r) });
    await client.empty({ method: 'DELETE', path: '/api/v3/x', what: 'removing it' }).catch(() => undefined);
    expect(done).toEqual([{ idp: 'authentik', method: 'DELETE', path: '/api/v3/x', query: [], status: null, ms: expect.any(Number) }]);
  });
});
