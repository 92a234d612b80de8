import { expect, it } from 'vitest';
import type { IdpConnector, IdpUser } from '../../electron/core/idp/idp-connector';
import { IdpError } from '../../electron/core/idp/idp-error';
import { messageCodes, type MessageCode } from '../../shared/contract/messages';
import { germanMessages } from '../../shared/contract/messages-de';
import { CLIENT_CLOSED, type FakeIdpServer } from './fake-idp-server';

/**
 * The same faults for every connector: each must end in an IdpError of the kind the outbox
 * worker acts on, with a message a person can read. `timeoutConnector` is the same connector built with
 * `timeoutMs: FAULT_TIMEOUT_MS` (the first calls of a run are slow while Ajv compiles the
 * contract's validators, so the main connector keeps a normal timeout).
 */
export const FAULT_TIMEOUT_MS = 800;
const FAULT_DELAY_MS = 1_500;

export interface FaultContext {
  connector: IdpConnector;
  server: FakeIdpServer;
  user: IdpUser;
  /** Revokes the kiosk's token at the fake; where the token is a stored API token, also puts the new one in the store. */
  revokeAllTokens(): void | Promise<void>;
  timeoutConnector: IdpConnector;
  /** false where the token is re-read from the secret store on every call (no 401 is seen). */
  tokenCached?: boolean;
  /** The same connector configured against a port nobody listens on. */
  refusedConnector: IdpConnector;
}

async function failure(promise: Promise<unknown>): Promise<IdpError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the call should have failed').toBeInstanceOf(IdpError);
  const idpError = error as IdpError;
  expect(idpError.message.length).toBeGreaterThan(30);
  expect(idpError.message).not.toMatch(/Bearer|access_token|client_secret/i);
  // What the screen shows: a code with German text too, never the English log message.
  expect(idpError.says, 'the error should say what it means as a message code').not.toBeNull();
  expect(messageCodes).toContain(idpError.says?.reason);
  expect(germanMessages[idpError.says?.reason as MessageCode]).toBeTruthy();
  return idpError;
}

function says(error: IdpError, reason: MessageCode, params: Record<string, unknown> = {}): void {
  expect(error.says).toMatchObject({ reason, params: expect.objectContaining(params) as unknown });
}

export function faultCases(label: string, context: () => FaultContext): void {
  it(`${label}: HTTP 500 is a transient failure with the IdP's status`, async () => {
    const { connector, server, user } = context();
    server.inject({ kind: 'status', status: 500 });
    const error = await failure(connector.listAuthenticators(user));
    expect(error.kind).toBe('transient');
    expect(error.status).toBe(500);
    expect(error.message).toMatch(/server error \(HTTP 500\)/);
    says(error, 'idp.serverError', { status: 500 });
  });

  it(`${label}: 429 with Retry-After in seconds is rate limited for that long`, async () => {
    const { connector, server, user } = context();
    server.inject({ kind: 'rateLimit', retryAfter: '7' });
    const error = await failure(connector.listAuthenticators(user));
    expect(error.kind).toBe('rateLimited');
    expect(error.retryAfterMs).toBe(7_000);
    expect(error.message).toMatch(/wait 7 s/);
    says(error, 'idp.busyWait', { status: 429, seconds: 7 });
  });

  it(`${label}: Retry-After 1.5 is a wait of 1.5 s, not 0`, async () => {
    const { connector, server, user } = context();
    server.inject({ kind: 'rateLimit', retryAfter: '1.5' });
    const error = await failure(connector.listAuthenticators(user));
    expect(error.kind).toBe('rateLimited');
    expect(error.retryAfterMs).toBe(1_500);
    expect(error.message).toMatch(/wait 1\.5 s/);
    says(error, 'idp.busyWait', { seconds: 1.5 });
  });

  it(`${label}: a Retry-After that is neither seconds nor an HTTP date counts as absent`, async () => {
    const { connector, server, user } = context();
    server.inject({ kind: 'rateLimit', retryAfter: '-1' });
    const error = await failure(connector.listAuthenticators(user));
    expect(error.kind).toBe('rateLimited');
    expect(error.retryAfterMs).toBeNull();
    expect(error.message).not.toMatch(/wait/);
    says(error, 'idp.busy', { status: 429 });
  });

  it(`${label}: 503 with Retry-After as an HTTP date is rate limited until then`, async () => {
    const { connector, server, user } = context();
    server.inject({ kind: 'rateLimit', status: 503, retryAfter: new Date(Date.now() + 120_000).toUTCString() });
    const error = await failure(connector.listAuthenticators(user));
    expect(error.kind).toBe('rateLimited');
    expect(error.retryAfterMs).toBeGreaterThan(100_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(120_000);
    says(error, 'idp.busyWait', { status: 503 });
  });

  it(`${label}: an answer slower than the timeout is a transient failure`, async () => {
    const { timeoutConnector, server, user } = context();
    await timeoutConnector.listAuthenticators(user);
    server.inject({ kind: 'delay', ms: FAULT_DELAY_MS });
    const error = await failure(timeoutConnector.listAuthenticators(user));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/did not answer within 0\.8 s/);
    says(error, 'idp.timeout', { seconds: 0.8 });
  });

  it(`${label}: connection refused is a transient failure naming the address`, async () => {
    const { refusedConnector, user } = context();
    const error = await failure(refusedConnector.listAuthenticators(user));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/refused the connection/);
    says(error, 'idp.connectionRefused', { host: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
  });

  it(`${label}: a token revoked mid-run is refreshed once and the call succeeds`, async () => {
    const { connector, user, revokeAllTokens, server, tokenCached } = context();
    await connector.listAuthenticators(user);
    await revokeAllTokens();
    await expect(connector.listAuthenticators(user)).resolves.toBeInstanceOf(Array);
    const statuses = server.requests.slice(-3).map((r) => r.status);
    if (tokenCached !== false) expect(statuses).toContain(401);
    expect(statuses.at(-1)).toBe(200);
  });

  it(`${label}: a 401 that survives the refresh is unauthorized`, async () => {
    const { connector, server, user } = context();
    server.inject({ kind: 'status', status: 401, body: { error: 'invalid_token', error_description: 'token revoked (injected)', detail: 'token revoked (injected)' } }, 2);
    const error = await failure(connector.listAuthenticators(user));
    expect(error.kind).toBe('unauthorized');
    expect(error.status).toBe(401);
    says(error, 'idp.credentialsRefused');
  });

  it(`${label}: malformed JSON in a 200 is a transient failure`, async () => {
    const { connector, server, user } = context();
    server.inject({ kind: 'malformedJson' });
    const error = await failure(connector.listAuthenticators(user));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/not JSON/);
    says(error, 'idp.notJson');
  });

  it(`${label}: a 200 whose body breaks the contract is permanent and says so`, async () => {
    const { connector, server, user } = context();
    server.inject({ kind: 'breakContract', body: { value: 'not a list', results: 42 } });
    const error = await failure(connector.listAuthenticators(user));
    expect(error.kind).toBe('permanent');
    expect(error.message).toMatch(/does not understand/);
    says(error, 'idp.notUnderstood');
  });

  it(`${label}: a redirect says where it pointed and that the IdP address may be wrong`, async () => {
    const { connector, server, user } = context();
    server.inject({ kind: 'redirect', status: 302, location: 'https://sso.example.test/auth/login?state=abc123' });
    const error = await failure(connector.listAuthenticators(user));
    expect(error.kind).toBe('permanent');
    expect(error.status).toBe(302);
    expect(error.message).toMatch(/redirected the kiosk \(HTTP 302\) to https:\/\/sso\.example\.test\/auth\/login\./);
    expect(error.message).toMatch(/IdP address in the kiosk configuration \(http:\/\/127\.0\.0\.1:\d+\) may be wrong/);
    expect(error.message).not.toContain('abc123');
    says(error, 'idp.redirect', { status: 302, location: 'https://sso.example.test/auth/login', baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+/) });
  });

  it(`${label}: an answer larger than 5 MB is cut off there with a clear error`, async () => {
    const { connector, server, user } = context();
    server.inject({ kind: 'hugeBody', bytes: 20 * 1024 * 1024 });
    const error = await failure(connector.listAuthenticators(user));
    expect(error.kind).toBe('permanent');
    expect(error.message).toMatch(/with more than 5 MB; the kiosk stopped reading there/);
    says(error, 'idp.tooLarge', { limit: 5 });
    // The fake saw the kiosk hang up instead of taking all 20 MB.
    await expect.poll(() => server.requests.at(-1)?.status).toBe(CLIENT_CLOSED);
  });

  it(`${label}: the caller's abort (the outbox's per-item timeout) ends the request in flight`, async () => {
    const { connector, server, user } = context();
    await connector.listAuthenticators(user);
    server.inject({ kind: 'delay', ms: FAULT_DELAY_MS });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    const error = await failure(connector.revokeAuthenticator(user, 'webauthn:999999', { signal: controller.signal }));
    expect(Date.now() - started).toBeLessThan(FAULT_DELAY_MS);
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/stopped waiting/);
    says(error, 'idp.stoppedWaiting');
    await expect.poll(() => server.requests.at(-1)?.status).toBe(CLIENT_CLOSED);
  });

  it(`${label}: 403 is permanent and explains permissions`, async () => {
    const { connector, server, user } = context();
    server.inject({ kind: 'status', status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges (injected)' }, detail: 'Insufficient privileges (injected)', errorMessage: 'Insufficient privileges (injected)' } });
    const error = await failure(connector.listAuthenticators(user));
    expect(error.kind).toBe('permanent');
    expect(error.message).toMatch(/Ask IT to check the kiosk's permissions at the IdP/);
    expect(error.idpMessage).toMatch(/Insufficient privileges/);
    says(error, 'idp.refused', { status: 403 });
  });
}
