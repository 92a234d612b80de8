import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/**
 * A small IdP-like HTTP server on 127.0.0.1 for the outbox tests: an enrollment endpoint that
 * counts every application by idempotency key (so duplicates and losses are visible), a
 * lookup the handlers' `wasApplied` uses, an OAuth client-credentials token endpoint, and
 * scripted faults. It stands in for "the IdP" generically; the per-IdP fakes with contract
 * validation live with the connectors (test/fakes).
 */
export const enrollmentBodySchema = z.object({ attendee: z.string(), seq: z.number().int() }).strict();
export type EnrollmentBody = z.infer<typeof enrollmentBodySchema>;

export interface Fault {
  status?: number;
  headers?: Record<string, string>;
  /** Raw body text; default a JSON error message. */
  body?: string;
  /** Apply the enrollment before answering with the fault (the IdP did it but the answer is bad). */
  applyFirst?: boolean;
  /** Never answer (the socket stays open until the client gives up or the server stops). */
  hang?: boolean;
}

export interface Application {
  key: string;
  body: EnrollmentBody;
  at: number;
}

export class SyncFakeIdp {
  readonly applied = new Map<string, number>();
  readonly order: Application[] = [];
  readonly requests: Array<{ method: string; path: string }> = [];
  tokensIssued = 0;
  inFlight = 0;
  maxInFlight = 0;
  /** Milliseconds each enrollment request is held before its answer (after applying). */
  delayMs = 0;
  requireAuth = false;
  /** When set, enrollment requests beyond this many per second get 429 with Retry-After: 1. */
  ratePerSecond: number | null = null;
  rateLimited = 0;
  private window = { second: 0, count: 0 };
  private validTokens = new Set<string>();
  private faults: Fault[] = [];
  private server: Server | null = null;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Enrollment POSTs answered with these faults, one each, before normal service resumes. */
  failNext(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** Every token issued so far stops working (as after a key rotation at the IdP). */
  revokeTokens(): void {
    this.validTokens.clear();
  }

  duplicates(): string[] {
    return [...this.applied].filter(([, n]) => n > 1).map(([key]) => key);
  }

  async listen(port = 0): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    this.requests.push({ method: req.method ?? '', path: url.pathname });
    const body = await readBody(req);
    if (req.method === 'POST' && url.pathname === '/token') return this.token(body, res);
    if (this.requireAuth && !this.validTokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) {
      return send(res, 401, { error: 'invalid_token', error_description: 'Token is not active' });
    }
    if (req.method === 'GET' && url.pathname.startsWith('/enrollments/')) {
      const key = decodeURIComponent(url.pathname.slice('/enrollments/'.length));
      return this.applied.has(key) ? send(res, 200, { id: key, idempotencyKey: key }) : send(res, 404, { errorMessage: 'Enrollment not found' });
    }
    if (req.method === 'POST' && url.pathname === '/enrollments') {
      if (this.overRate()) {
        this.rateLimited += 1;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        return void res.end(JSON.stringify({ errorMessage: 'Too many requests' }));
      }
      return this.enroll(req, body, res);
    }
    send(res, 404, { errorMessage: `No route ${req.method} ${url.pathname}` });
  }

  private overRate(): boolean {
    if (this.ratePerSecond === null) return false;
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.window.second) this.window = { second, count: 0 };
    this.window.count += 1;
    return this.window.count > this.ratePerSecond;
  }

  private token(body: string, res: ServerResponse): void {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'client_credentials' || form.get('client_secret') !== 'kiosk-client-secret') {
      return send(res, 401, { error: 'invalid_client', error_description: 'Invalid client credentials' });
    }
    const token = randomUUID();
    this.validTokens.add(token);
    this.tokensIssued += 1;
    send(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
  }

  private async enroll(req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
    const key = req.headers['idempotency-key'];
    const parsed = enrollmentBodySchema.safeParse(parseJson(raw));
    if (typeof key !== 'string' || !parsed.success) return send(res, 400, { errorMessage: 'Idempotency-Key header and {attendee, seq} body required' });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const fault = this.faults.shift();
      if (fault?.applyFirst || !fault) this.apply(key, parsed.data);
      if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
      if (fault?.hang) return await new Promise<void>((resolve) => res.once('close', () => resolve()));
      if (fault) {
        res.writeHead(fault.status ?? 500, { 'content-type': 'application/json', ...fault.headers });
        res.end(fault.body ?? JSON.stringify({ errorMessage: `Injected HTTP ${fault.status ?? 500}` }));
        return;
      }
      send(res, 201, { id: key, idempotencyKey: key });
    } finally {
      this.inFlight -= 1;
    }
  }

  private apply(key: string, body: EnrollmentBody): void {
    this.applied.set(key, (this.applied.get(key) ?? 0) + 1);
    this.order.push({ key, body, at: Date.now() });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
