import type { z } from 'zod';
import { IdpError } from '../idp-error';
import { idpMessageFrom } from './idp-message';
import { parseRetryAfter } from './retry-after';

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
}

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
}

export interface IdpResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

/** What a permanent refusal means and what an operator can do about the parked item. */
const statusMeaning: Record<number, { meaning: string; action: string }> = {
  400: {
    meaning: 'the IdP rejected the request as invalid',
    action: 'Check what the IdP said. If the step itself is stale (for example an expired key registration), discard this item and redo the step; if a setting was wrong, fix it and retry.',
  },
  403: {
    meaning: 'the kiosk is not allowed to do this (check the permissions of its IdP account)',
    action: "Ask the IdP's administrator to grant the kiosk's account the missing permission, then retry.",
  },
  404: {
    meaning: 'the IdP does not know this user or object',
    action: 'If the user was deleted or renamed at the IdP, discard this item; otherwise check the user at the IdP, then retry.',
  },
  409: {
    meaning: 'this conflicts with something the IdP already has',
    action: "Check the user's sign-in methods at the IdP: if the key or codes are already there, discard this item; otherwise remove the conflicting entry and retry.",
  },
};
const otherRefusal = { action: 'Check what the IdP said, then retry or discard this item.' };

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

  /** A request whose 2xx answer carries a JSON body of the given shape. */
  async json<S extends z.ZodType>(request: IdpRequest, schema: S): Promise<IdpResponse<z.output<S>>> {
    const { response, text } = await this.send(request);
    const parsed = this.parseJson(text, request, response.status);
    const result = schema.safeParse(parsed);
    if (!result.success) {
      const where = result.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
        .join('; ');
      throw new IdpError('permanent', `${this.options.idpLabel} answered ${request.what} with data the kiosk does not understand (${where}). The IdP's API may have changed; the kiosk may need an update.`, {
        status: response.status,
        idpMessage: idpMessageFrom(parsed, ''),
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
  private async send(request: IdpRequest): Promise<{ response: Response; text: string }> {
    const useAuth = request.auth !== false && this.options.tokens !== undefined;
    let attempt = await this.once(request, useAuth);
    if (attempt.response.status === 401 && useAuth) {
      this.options.tokens?.invalidate();
      attempt = await this.once(request, useAuth);
    }
    const status = attempt.response.status;
    if (attempt.response.ok || (request.acceptRedirect && status >= 300 && status < 400)) return attempt;
    throw this.failure(request, attempt.response, attempt.text);
  }

  private async once(request: IdpRequest, useAuth: boolean): Promise<{ response: Response; text: string }> {
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
    if (useAuth && this.options.tokens) headers.authorization = `Bearer ${await this.options.tokens.token()}`;
    try {
      const response = await fetch(url, {
        method: request.method,
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = await response.text();
      return { response, text };
    } catch (error) {
      throw this.networkFailure(request, error);
    }
  }

  private parseJson(text: string, request: IdpRequest, status: number): unknown {
    try {
      return JSON.parse(text);
    } catch {
      throw new IdpError('transient', `${this.options.idpLabel} sent an unreadable answer (not JSON) while ${request.what}. This is often a proxy in between; the kiosk will try again.`, {
        status,
        idpMessage: text.trim().slice(0, 200) || null,
      });
    }
  }

  private failure(request: IdpRequest, response: Response, text: string): IdpError {
    const body = parseOrNull(text);
    const idpMessage = idpMessageFrom(body, text);
    const label = this.options.idpLabel;
    const status = response.status;
    const said = idpMessage ? ` ${label} said: "${idpMessage}".` : '';
    const now = this.options.now?.() ?? new Date();
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
    if (status === 401) {
      return new IdpError('unauthorized', `${label} refused the kiosk's credentials while ${request.what}, even with a fresh token. Check the client id in the kiosk configuration and the secret in the kiosk's secret store (its "secrets set" command).${said}`, { status, idpMessage });
    }
    if (status === 429 || (status === 503 && retryAfterMs !== null)) {
      const wait = retryAfterMs === null ? '' : ` It asked to wait ${Math.ceil(retryAfterMs / 1000)} s.`;
      return new IdpError('rateLimited', `${label} is busy (HTTP ${status}) while ${request.what}; the kiosk will try again later.${wait}${said}`, { status, retryAfterMs, idpMessage });
    }
    if (status >= 500 || status === 408) {
      return new IdpError('transient', `${label} had a server error (HTTP ${status}) while ${request.what}; the kiosk will try again.${said}`, { status, idpMessage });
    }
    const { meaning, action } = statusMeaning[status] ?? { meaning: `the IdP refused the request (HTTP ${status})`, ...otherRefusal };
    return new IdpError('permanent', `${label} refused ${request.what}: ${meaning}.${said} ${action}`, { status, idpMessage });
  }

  private networkFailure(request: IdpRequest, error: unknown): IdpError {
    const label = this.options.idpLabel;
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new IdpError('transient', `${label} did not answer within ${(this.options.timeoutMs / 1000).toFixed(1)} s while ${request.what}; the kiosk will try again.`);
    }
    const code = errorCode(error);
    if (code === 'ECONNREFUSED') {
      return new IdpError('transient', `${label} at ${new URL(this.options.baseUrl).host} refused the connection while ${request.what}. Is the server running and the address right? The kiosk will try again.`);
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return new IdpError('transient', `The name ${new URL(this.options.baseUrl).hostname} of ${label} could not be resolved while ${request.what}. Check the network; the kiosk will try again.`);
    }
    return new IdpError('transient', `The network failed while ${request.what} at ${label}${code ? ` (${code})` : ''}; the kiosk will try again.`);
  }
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
