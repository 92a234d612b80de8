import { z } from 'zod';
import type { SecretStore } from '../../ports/secret-store';
import { message } from '../../../../shared/contract/messages';
import { IdpError } from '../idp-error';
import type { IdpHttpClient, TokenSource } from './idp-http-client';

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  // RFC 6749 says a number, but some proxies and older servers send "3599".
  expires_in: z
    .union([z.number(), z.string().regex(/^\d+$/, 'a whole number of seconds').transform(Number)])
    .pipe(z.number().int().positive())
    .optional(),
});

/** Renew a little before the IdP says, so a token never expires in flight. */
const EXPIRY_MARGIN_MS = 60_000;
const DEFAULT_LIFETIME_S = 300;

export interface ClientCredentialsOptions {
  /** A client pointed at the token endpoint's base, without bearer auth. */
  http: IdpHttpClient;
  tokenPath: string;
  clientId: string;
  clientSecretRef: string;
  secrets: SecretStore;
  scope?: string;
  now: () => Date;
}

/**
 * OAuth 2.0 client-credentials grant (Entra, Keycloak): one token cached until shortly before
 * it expires, concurrent callers share one request, `invalidate` after a 401.
 */
export class ClientCredentialsToken implements TokenSource {
  private cached: { value: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(private readonly options: ClientCredentialsOptions) {}

  async token(): Promise<string> {
    if (this.cached && this.cached.expiresAt > this.options.now().getTime()) return this.cached.value;
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  invalidate(): void {
    this.cached = null;
  }

  private async fetchToken(): Promise<string> {
    const secret = await readSecret(this.options.secrets, this.options.clientSecretRef);
    const form: Record<string, string> = {
      grant_type: 'client_credentials',
      client_id: this.options.clientId,
      client_secret: secret,
    };
    if (this.options.scope) form.scope = this.options.scope;
    const { data } = await this.options.http.json(
      { method: 'POST', path: this.options.tokenPath, form, what: 'getting an access token', auth: false },
      tokenResponseSchema,
    );
    const lifetimeMs = (data.expires_in ?? DEFAULT_LIFETIME_S) * 1000;
    this.cached = {
      value: data.access_token,
      expiresAt: this.options.now().getTime() + Math.max(lifetimeMs - EXPIRY_MARGIN_MS, lifetimeMs / 2),
    };
    return data.access_token;
  }
}

/** A secret the config names; missing means the operator has not entered it yet. */
export async function readSecret(secrets: SecretStore, name: string): Promise<string> {
  const value = await secrets.get(name);
  if (value === null || value === '') {
    throw new IdpError('permanent', message('idp.secretMissing', { name }));
  }
  return value;
}

/** A fixed API token from the secret store (authentik). */
export class StoredApiToken implements TokenSource {
  constructor(
    private readonly secrets: SecretStore,
    private readonly name: string,
  ) {}

  token(): Promise<string> {
    return readSecret(this.secrets, this.name);
  }

  invalidate(): void {
    // Nothing cached: the token is read from the store on every request.
  }
}
