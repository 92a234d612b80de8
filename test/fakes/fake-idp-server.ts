import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ContractChecker, ContractRequest } from './contracts/contract-checker';

/**
 * The common part of the fake IdPs: a real HTTP server on 127.0.0.1 that checks every request
 * it receives and every response it sends against the IdP's contract, records violations (a
 * test's afterEach asserts there are none, so a drift fails loudly), and injects faults.
 */

export interface FakeRequest extends ContractRequest {
  /** The raw body text (form bodies are also parsed into `body`). */
  text: string;
  cookies: Record<string, string>;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeRoute {
  method: string;
  /** Matched against the path; named groups become params. */
  pattern: RegExp;
  /** Token endpoints and web views are outside the API contracts; they have their own check. */
  outsideContract?: (request: FakeRequest) => string[];
  handle(request: FakeRequest, params: Record<string, string>): FakeReply | Promise<FakeReply>;
}

export type Fault =
  | { kind: 'status'; status: number; body?: unknown }
  | { kind: 'rateLimit'; status?: 429 | 503; retryAfter: string }
  | { kind: 'delay'; ms: number }
  | { kind: 'malformedJson' }
  | { kind: 'breakContract'; body: unknown }
  /** An answer the route would not give but the contract allows (checked like any other). */
  | { kind: 'reply'; reply: FakeReply }
  /** A proxy or a wrong base URL sending the kiosk elsewhere. */
  | { kind: 'redirect'; status: 301 | 302 | 307 | 308; location: string }
  /** A 200 whose body goes on and on (a download, a proxy's page), streamed until the client hangs up. */
  | { kind: 'hugeBody'; bytes: number };

/** What the fake records for a request whose client hung up before the answer (nginx's "client closed request"). */
export const CLIENT_CLOSED = 499;

export interface RecordedRequest {
  method: string;
  path: string;
  operation: string | null;
  status: number;
}

export class FakeIdpServer {
  readonly violations: string[] = [];
  readonly requests: RecordedRequest[] = [];
  private readonly faults: Fault[] = [];
  private server: Server | null = null;
  private base = '';

  constructor(
    readonly name: string,
    private readonly routes: FakeRoute[],
    /** null when ../shared/contracts is absent: nothing is checked, and tests say so. */
    private readonly contract: ContractChecker | null,
  ) {}

  get baseUrl(): string {
    return this.base;
  }

  /**
   * The same server as http://localhost:PORT, for links a browser opens: WebAuthn refuses an IP
   * address as relying-party ID, and Chromium treats http://localhost as a secure context.
   */
  get localBaseUrl(): string {
    return this.base.replace('127.0.0.1', 'localhost');
  }

  get contractChecked(): boolean {
    return this.contract !== null;
  }

  /** The next `count` API requests (not token or web-view requests) meet this fault. */
  inject(fault: Fault, count = 1): void {
    for (let i = 0; i < count; i += 1) this.faults.push(fault);
  }

  /** The IdP answers normally again: faults not yet met are dropped. Returns how many were. */
  clearFaults(): number {
    return this.faults.splice(0).length;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.serve(req, res).catch((error: unknown) => {
        this.violations.push(`${this.name} fake crashed on ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ detail: 'fake crashed' }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await readRequest(req);
    const found = this.route(request);
    if (!found) {
      this.violations.push(`${this.name}: no fake route for ${request.method} ${request.path}`);
      return this.send(res, request, null, { status: 404, body: { detail: 'no such route in the fake' } }, false);
    }
    const { route, params } = found;
    let operation: string | null = null;
    if (route.outsideContract) {
      const errors = route.outsideContract(request);
      if (errors.length > 0) return this.reject(res, request, null, errors);
    } else if (this.contract) {
      const checked = this.contract.checkRequest(request);
      operation = checked.operation;
      if (checked.errors.length > 0) return this.reject(res, request, operation, checked.errors);
    }
    const fault = route.outsideContract ? undefined : this.faults.shift();
    if (fault) return this.applyFault(res, request, operation, fault, route, params);
    const reply = await route.handle(request, params);
    return this.send(res, request, operation, reply, true);
  }

  private async applyFault(res: ServerResponse, request: FakeRequest, operation: string | null, fault: Fault, route: FakeRoute, params: Record<string, string>): Promise<void> {
    switch (fault.kind) {
      case 'status':
        return this.send(res, request, operation, { status: fault.status, body: fault.body ?? { detail: `injected HTTP ${fault.status}` } }, false);
      case 'rateLimit':
        return this.send(res, request, operation, { status: fault.status ?? 429, body: { detail: 'Too many requests (injected)' }, headers: { 'retry-after': fault.retryAfter } }, false);
      case 'delay': {
        let timer: NodeJS.Timeout | undefined;
        const hungUp = await new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), fault.ms);
          res.once('close', () => resolve(true));
        });
        clearTimeout(timer);
        if (hungUp || res.destroyed) {
          this.requests.push({ method: request.method, path: request.path, operation, status: CLIENT_CLOSED });
          return;
        }
        const reply = await route.handle(request, params);
        return this.send(res, request, operation, reply, true);
      }
      case 'reply':
        return this.send(res, request, operation, fault.reply, true);
      case 'redirect':
        // Off-contract by nature: the IdP APIs declare no 3xx.
        return this.send(res, request, operation, { status: fault.status, headers: { location: fault.location } }, false);
      case 'hugeBody':
        return this.streamHugeBody(res, request, operation, fault.bytes);
      case 'malformedJson':
        this.requests.push({ method: request.method, path: request.path, operation, status: 200 });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"value": [ {"id": "trunc');
        return;
      case 'breakContract':
        // Deliberately off-contract: not checked, that is the point of the fault.
        return this.send(res, request, operation, { status: 200, body: fault.body }, false);
    }
  }

  private async streamHugeBody(res: ServerResponse, request: FakeRequest, operation: string | null, bytes: number): Promise<void> {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    res.write('{"padding":"');
    let sent = 0;
    while (sent < bytes && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        await new Promise((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
    }
    const finished = !res.destroyed;
    if (finished) res.end('"}');
    this.requests.push({ method: request.method, path: request.path, operation, status: finished ? 200 : CLIENT_CLOSED });
  }

  private reject(res: ServerResponse, request: FakeRequest, operation: string | null, errors: string[]): void {
    const message = `CONTRACT VIOLATION by the connector: ${request.method} ${request.path}${operation ? ` (${operation})` : ''}: ${errors.join('; ')}`;
    this.violations.push(message);
    console.error(message);
    this.send(res, request, operation, { status: 400, body: { detail: message, error: message } }, false);
  }

  private send(res: ServerResponse, request: FakeRequest, operation: string | null, reply: FakeReply, check: boolean): void {
    const body = reply.body === undefined ? null : reply.body;
    if (check && operation && this.contract) {
      const errors = this.contract.checkResponse(operation, reply.status, body);
      if (errors.length > 0) {
        const message = `CONTRACT VIOLATION by the ${this.name} fake: ${reply.status} for ${operation}: ${errors.join('; ')}`;
        this.violations.push(message);
        console.error(message);
      }
    }
    this.requests.push({ method: request.method, path: request.path, operation, status: reply.status });
    const headers: Record<string, string> = { ...reply.headers };
    if (body !== null) headers['content-type'] ??= 'application/json';
    res.writeHead(reply.status, headers);
    res.end(body === null ? undefined : typeof body === 'string' && headers['content-type'] !== 'application/json' ? body : JSON.stringify(body));
  }

  private route(request: FakeRequest): { route: FakeRoute; params: Record<string, string> } | null {
    for (const route of this.routes) {
      if (route.method !== request.method) continue;
      const match = route.pattern.exec(request.path);
      if (match) return { route, params: Object.fromEntries(Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)])) };
    }
    return null;
  }
}

async function readRequest(req: IncomingMessage): Promise<FakeRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://fake');
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[key] = value;
  const contentType = headers['content-type'] ?? '';
  let body: unknown = undefined;
  if (text && contentType.includes('application/json')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  } else if (text && contentType.includes('application/x-www-form-urlencoded')) {
    body = Object.fromEntries(new URLSearchParams(text));
  } else if (text) {
    body = text;
  }
  const cookies = Object.fromEntries(
    (headers.cookie ?? '')
      .split(';')
      .map((part) => part.trim().split('='))
      .filter((pair) => pair.length === 2 && pair[0])
      .map(([k, v]) => [k as string, v as string]),
  );
  return { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body, text, cookies };
}

/** Checks the OAuth 2.0 client-credentials token request (RFC 6749 section 4.4). */
export function checkClientCredentialsRequest(request: FakeRequest): string[] {
  const errors: string[] = [];
  if (!(request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) errors.push('token request must be form-encoded');
  const form = (request.body ?? {}) as Record<string, string>;
  if (form.grant_type !== 'client_credentials') errors.push('grant_type must be client_credentials');
  if (!form.client_id) errors.push('client_id missing');
  if (!form.client_secret) errors.push('client_secret missing');
  return errors;
}

/** The bearer token of a request, or null. */
export function bearer(request: FakeRequest): string | null {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7) : null;
}
