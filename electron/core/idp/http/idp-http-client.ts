import type { z } from 'zod';
import { message } from '../../../../shared/contract/messages';
import { IdpError } from '../idp-error';
import { idpMessageFrom } from './idp-message';
import { parseRetryAfter } from './retry-after';
import { issuesText } from '../../contract/zod-details';

/** A bearer token that is cached until it expires; `invalidate` after a 401 forces a new one. */
export interface TokenSource {
  token(): Promise<string>;
  invalidate(): void;
}

export interface IdpHttpClientOptions {
  /** Who we talk to, for messages: "Keycloak", "Microsoft Entra ID", "authentik". */
  idpLabel: string;
  baseUrl: string;
  timeoutMs: number;
  tokens?: TokenSource;
  now?: () => Date;
  /** Longest body read from one answer (default MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  /** Called after every attempt, for the log: never with a query value, a body or a header. */
  onRequestDone?: (request: IdpRequestDone) => void;
}

export interface IdpRequestDone {
  idp: string;
  method: HttpMethod;
  /** The URL's path only: query values may be badge numbers, e-mail addresses or sign-in state. */
  path: string;
  /** The names of the query parameters sent, without their values. */
  query: string[];
  /** The HTTP status, or null when no answer came (timeout, abort, network failure). */
  status: number | null;
  ms: number;
}

/**
 * No answer the kiosk asks for comes near this (a page of 100 users is about 100 kB); a
 * larger one is a wrong address, a proxy's error page or a broken server, and is not read
 * into memory whole.
 */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface IdpRequest {
  method: HttpMethod;
  /** Appended to the base URL; path segments taken from data must be encoded by the caller. */
  path: string;
  query?: Record<string, string | undefined>;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** What the kiosk was doing, for the person reading the error: "looking up the user". */
  what: string;
  /** Send the bearer token (default true). */
  auth?: boolean;
  /** Count a 3xx as success instead of following it (sign-in links that set a session cookie). */
  acceptRedirect?: boolean;
  /**
   * The caller's own abort (the outbox's per-item timeout): it ends the request in flight,
   * together with the client's timeout.
   */
  signal?: AbortSignal;
}

export interface IdpResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

/** What a permanent refusal means, by HTTP status: each code takes the IdP's label and the status. */
const refusals: Record<number, 'idp.invalidRequest' | 'idp.refused' | 'idp.notFound' | 'idp.conflict'> = {
  400: 'idp.invalidRequest',
  403: 'idp.refused',
  404: 'idp.notFound',
  409: 'idp.conflict',
};

interface Attempt {
  url: URL;
  response: Response;
  text: string;
  /** False when the body was longer than the limit and reading stopped there. */
  complete: boolean;
}

/**
 * The one HTTP client of the connectors: per-request timeout, guarded JSON, every body
 * validated with zod, failures classified into IdpError kinds for the outbox. Tokens and
 * secrets never appear in messages: only the method, the path and what the IdP said.
 */
export class IdpHttpClient {
  private readonly options: IdpHttpClientOptions;

  constructor(options: IdpHttpClientOptions) {
    this.options = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, '') };
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /**
   * The path (with query) under the base URL that a link from the IdP points to, such as a
   * next-page link; null when it points anywhere else, where the kiosk's token must not go.
   */
  pathOf(link: string): string | null {
    let url: URL;
    try {
      url = new URL(link, `${this.options.baseUrl}/`);
    } catch {
      return null;
    }
    const base = new URL(this.options.baseUrl);
    const basePath = base.pathname.replace(/\/+$/, '');
    if (url.origin !== base.origin || !(url.pathname === basePath || url.pathname.startsWith(`${basePath}/`))) return null;
    return url.pathname.slice(basePath.length) + url.search;
  }

  /** A request whose 2xx answer carries a JSON body of the given shape. */
  async json<S extends z.ZodType>(request: IdpRequest, schema: S): Promise<IdpResponse<z.output<S>>> {
    const { response, text } = await this.send(request);
    const parsed = this.parseJson(text, request, response.status);
    const result = schema.safeParse(parsed);
    if (!result.success) {
      throw new IdpError('permanent', message('idp.notUnderstood', { idp: this.options.idpLabel, problem: issuesText(result.error.issues) }), {
        status: response.status,
        idpMessage: idpMessageFrom(parsed, ''),
        during: request.what,
      });
    }
    return { status: response.status, data: result.data, headers: response.headers };
  }

  /** A request whose 2xx answer carries no body the kiosk needs. */
  async empty(request: IdpRequest): Promise<IdpResponse<undefined>> {
    const { response } = await this.send(request);
    return { status: response.status, data: undefined, headers: response.headers };
  }

  /** Sends with one token refresh on 401; returns only 2xx, throws IdpError otherwise. */
  private async send(request: IdpRequest): Promise<Attempt> {
    const useAuth = request.auth !== false && this.options.tokens !== undefined;
    let attempt = await this.once(request, useAuth);
    if (attempt.response.status === 401 && useAuth) {
      this.options.tokens?.invalidate();
      attempt = await this.once(request, useAuth);
    }
    const status = attempt.response.status;
    const redirect = status >= 300 && status < 400;
    if (redirect && request.acceptRedirect) return attempt;
    if (redirect) throw this.redirected(request, attempt);
    // An error's body only feeds a trimmed message, so a cut one will do; a 2xx body must be whole.
    if (attempt.response.ok && !attempt.complete) throw this.tooLarge(request, status);
    if (attempt.response.ok) return attempt;
    throw this.failure(request, attempt.response, attempt.text);
  }

  private async once(request: IdpRequest, useAuth: boolean): Promise<Attempt> {
    const url = new URL(this.options.baseUrl + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    let body: string | undefined;
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(request.form).toString();
    }
    if (useAuth && this.options.tokens) headers.authorization = `Bearer ${await this.untilAborted(this.options.tokens.token(), request)}`;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const started = performance.now();
    let status: number | null = null;
    try {
      const response = await fetch(url, {
        method: request.method,
        headers,
        body,
        redirect: 'manual',
        // The signal also ends reading the body, so a slow body is bounded as well.
        signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
      });
      status = response.status;
      const { text, complete } = await readBody(response, this.options.maxBodyBytes ?? MAX_BODY_BYTES);
      return { url, response, text, complete };
    } catch (error) {
      throw this.networkFailure(request, error);
    } finally {
      this.options.onRequestDone?.({ idp: this.options.idpLabel, method: request.method, path: url.pathname, query: [...new Set(url.searchParams.keys())], status, ms: Math.round(performance.now() - started) });
    }
  }

  /**
   * Concurrent calls share one token request, so one caller's abort ends only its own wait;
   * the token request itself runs on, bounded by the client's timeout, for the others.
   */
  private untilAborted<T>(promise: Promise<T>, request: IdpRequest): Promise<T> {
    const signal = request.signal;
    if (!signal) return promise;
    if (signal.aborted) return Promise.reject(this.stoppedWaiting(request));
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(this.stoppedWaiting(request));
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private parseJson(text: string, request: IdpRequest, status: number): unknown {
    try {
      return JSON.parse(text);
    } catch {
      throw new IdpError('transient', message('idp.notJson', { idp: this.options.idpLabel }), {
        status,
        idpMessage: text.trim().slice(0, 200) || null,
        during: request.what,
      });
    }
  }

  /**
   * The IdP APIs the kiosk calls answer where they are asked; a redirect means the configured
   * address leads somewhere else (http → https, a missing path prefix, a sign-in page in front).
   * Only origin and path are shown: a query may carry a sign-in state that belongs to nobody's log.
   */
  private redirected(request: IdpRequest, attempt: Attempt): IdpError {
    const status = attempt.response.status;
    const location = attempt.response.headers.get('location');
    const { idpLabel: idp, baseUrl } = this.options;
    let says = message('idp.redirectNowhere', { idp, status, baseUrl });
    if (location) {
      try {
        const target = new URL(location, attempt.url);
        says = message('idp.redirect', { idp, status, location: `${target.origin}${target.pathname}`, baseUrl });
      } catch {
        says = message('idp.redirectUnreadable', { idp, status, baseUrl });
      }
    }
    return new IdpError('permanent', says, { status, during: request.what });
  }

  private tooLarge(request: IdpRequest, status: number): IdpError {
    const limit = Math.round((this.options.maxBodyBytes ?? MAX_BODY_BYTES) / (1024 * 1024));
    return new IdpError('permanent', message('idp.tooLarge', { idp: this.options.idpLabel, limit, baseUrl: this.options.baseUrl }), { status, during: request.what });
  }

  private stoppedWaiting(request: IdpRequest): IdpError {
    return new IdpError('transient', message('idp.stoppedWaiting', { idp: this.options.idpLabel }), { during: request.what });
  }

  private failure(request: IdpRequest, response: Response, text: string): IdpError {
    const idpMessage = idpMessageFrom(parseOrNull(text), text);
    const idp = this.options.idpLabel;
    const status = response.status;
    const now = this.options.now?.() ?? new Date();
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
    const context = { status, idpMessage, during: request.what };
    if (status === 401) return new IdpError('unauthorized', message('idp.credentialsRefused', { idp }), context);
    if (status === 429 || (status === 503 && retryAfterMs !== null)) {
      // One decimal, so a fractional Retry-After (1.5) reads as what it is.
      const seconds = retryAfterMs === null ? null : Number((retryAfterMs / 1000).toFixed(1));
      const says = seconds === null ? message('idp.busy', { idp, status }) : message('idp.busyWait', { idp, status, seconds });
      return new IdpError('rateLimited', says, { ...context, retryAfterMs });
    }
    if (status >= 500 || status === 408) return new IdpError('transient', message('idp.serverError', { idp, status }), context);
    return new IdpError('permanent', message(refusals[status] ?? 'idp.refusedOther', { idp, status }), context);
  }

  private networkFailure(request: IdpRequest, error: unknown): IdpError {
    const idp = this.options.idpLabel;
    if (request.signal?.aborted) return this.stoppedWaiting(request);
    const during = { during: request.what };
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new IdpError('transient', message('idp.timeout', { idp, seconds: Number((this.options.timeoutMs / 1000).toFixed(1)) }), during);
    }
    const code = errorCode(error);
    if (code === 'ECONNREFUSED') return new IdpError('transient', message('idp.connectionRefused', { idp, host: new URL(this.options.baseUrl).host }), during);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new IdpError('transient', message('idp.nameNotResolved', { idp, host: new URL(this.options.baseUrl).hostname }), during);
    return new IdpError('transient', message('idp.networkFailed', { idp, problem: code ?? (name || String(error).slice(0, 80)) }), during);
  }
}

/**
 * Reads at most `limit` bytes with a running count (a Content-Length may be absent or wrong);
 * beyond it, stops and drops the connection instead of buffering the rest.
 */
async function readBody(response: Response, limit: number): Promise<{ text: string; complete: boolean }> {
  if (!response.body) return { text: '', complete: true };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { text: decodeUtf8(chunks), complete: false };
    }
    chunks.push(value);
  }
  return { text: decodeUtf8(chunks), complete: true };
}

/** As Response.text() decodes: UTF-8, a BOM dropped, bad bytes replaced. */
function decodeUtf8(chunks: Uint8Array[]): string {
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function parseOrNull(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function errorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
