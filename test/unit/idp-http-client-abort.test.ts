import { describe, expect, it } from 'vitest';
import { IdpHttpClient } from '../../electron/core/idp/http/idp-http-client';
import { IdpError } from '../../electron/core/idp/idp-error';

/** A token request that never ends, shared by every caller (as ClientCredentialsToken shares one). */
const stuckTokens = { token: () => new Promise<string>(() => undefined), invalidate: () => undefined };

describe('IdpHttpClient and the caller\'s abort signal', () => {
  it('stops waiting for a shared token request when the caller aborts, without waiting for its own timeout', async () => {
    const client = new IdpHttpClient({ idpLabel: 'Keycloak', baseUrl: 'http://127.0.0.1:9', timeoutMs: 60_000, tokens: stuckTokens });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await client.empty({ method: 'DELETE', path: '/x', what: 'removing the authenticator', signal: controller.signal }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(IdpError);
    expect(error).toMatchObject({
      kind: 'transient',
      says: { reason: 'idp.stoppedWaiting', params: { idp: 'Keycloak' } },
      message: 'The kiosk stopped waiting for Keycloak: the time allowed for this step ran out. It will try again.',
      during: 'removing the authenticator',
    });
  });

  it('fails at once, saying why, for a call whose signal is already aborted', async () => {
    const client = new IdpHttpClient({ idpLabel: 'authentik', baseUrl: 'http://127.0.0.1:9', timeoutMs: 60_000 });
    const error = await client.empty({ method: 'GET', path: '/x', what: 'listing the user\'s devices', signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'transient', message: expect.stringMatching(/stopped waiting for authentik/) });
  });
});
