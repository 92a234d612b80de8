import type { IdpHttpClient } from '../http/idp-http-client';
import { message } from '../../../../shared/contract/messages';
import { IdpError } from '../idp-error';
import { challengeSchema, linkSchema, type Challenge } from './authentik-schemas';

/**
 * The kiosk drives authentik's own setup flow as the attendee: a recovery link (created with
 * the admin token) signs a fresh cookie session in as the user, then the flow executor is
 * walked stage by stage with that session only. The admin token is never sent to the
 * executor, or the flow would run as the kiosk's service account.
 */
export class AuthentikFlowSession {
  private readonly cookies = new Map<string, string>();

  private constructor(
    private readonly http: IdpHttpClient,
    readonly userPk: number,
  ) {}

  static async signIn(http: IdpHttpClient, userPk: number, minutes: number): Promise<AuthentikFlowSession> {
    const { data } = await http.json(
      { method: 'POST', path: `/api/v3/core/users/${userPk}/recovery/`, json: { token_duration: `minutes=${minutes}` }, what: 'creating a sign-in link for the set-up flow' },
      linkSchema,
    );
    const session = new AuthentikFlowSession(http, userPk);
    const link = new URL(data.link, http.baseUrl);
    if (link.origin !== new URL(http.baseUrl).origin) {
      throw new IdpError('permanent', message('idp.linkElsewhere', { idp: 'authentik', origin: link.origin, expected: new URL(http.baseUrl).origin }));
    }
    const response = await http.empty({ method: 'GET', path: link.pathname + link.search, auth: false, acceptRedirect: true, what: 'opening the sign-in link' });
    session.remember(response.headers);
    if (session.cookies.size === 0) throw new IdpError('permanent', message('idp.linkNoSession', { idp: 'authentik' }));
    return session;
  }

  async start(flowSlug: string): Promise<Challenge> {
    return this.call(flowSlug, 'GET', undefined, 'starting the set-up flow', undefined);
  }

  async solve(flowSlug: string, body: Record<string, unknown>, what: string, signal?: AbortSignal): Promise<Challenge> {
    return this.call(flowSlug, 'POST', body, what, signal);
  }

  private async call(flowSlug: string, method: 'GET' | 'POST', json: unknown, what: string, signal: AbortSignal | undefined): Promise<Challenge> {
    const { data, headers } = await this.http.json(
      {
        method,
        path: `/api/v3/flows/executor/${encodeURIComponent(flowSlug)}/`,
        query: { query: '' },
        json,
        headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        auth: false,
        what,
        signal,
      },
      challengeSchema,
    );
    this.remember(headers);
    if (data.component === 'ak-stage-flow-error' || data.component === 'ak-stage-access-denied') {
      const said = data.error_message ?? data.error ?? 'no reason given';
      throw new IdpError('permanent', message('idp.flowStopped', { idp: 'authentik', flow: flowSlug }), { idpMessage: said, during: what });
    }
    return data;
  }

  private remember(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }
}

/** Errors authentik attached to a challenge it sent back (e.g. a registration it refused). */
export function responseErrors(challenge: Challenge): string | null {
  const errors = Object.values(challenge.response_errors ?? {}).flat();
  return errors.length > 0 ? errors.map((e) => e.string).join(' ') : null;
}
