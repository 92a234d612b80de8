import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readSecret } from '../../electron/core/idp/http/client-credentials-token';
import { IdpHttpClient } from '../../electron/core/idp/http/idp-http-client';
import { readAllPages } from '../../electron/core/idp/http/pages';
import { IdpError } from '../../electron/core/idp/idp-error';
import { IdpStatusTracker } from '../../electron/core/idp/idp-status';
import { toIdpError, toSyncFailure } from '../../electron/core/idp/idp-sync-failure';
import { theOneMatch } from '../../electron/core/idp/user-search';
import { checkClientData } from '../../electron/core/idp/webauthn/client-data-check';
import { verifyLocalRegistration } from '../../electron/core/idp/webauthn/local-registration';
import { idpFailure } from '../../electron/core/journey/idp-failure';
import { KioskError } from '../../shared/contract/errors';
import { idpStatusSchema } from '../../shared/contract/idp-calls';
import { englishText, messageCodes, type Message } from '../../shared/contract/messages';
import { say } from './helpers/translate-both-languages';

/**
 * IdP problems reach the screen as a message code with parameters (issue 10, item 3): every
 * failure carries `says`, whose code has English and German text; its `message`, for the log,
 * is that code's English (issue 15: one text per message).
 */

async function thrown(run: () => unknown): Promise<IdpError> {
  const error = await (async () => run())().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IdpError);
  return error as IdpError;
}

function inGerman(error: IdpError): string {
  expect(error.says, error.message).not.toBeNull();
  const says = error.says as Message;
  expect(messageCodes).toContain(says.reason);
  const german = say('de', says);
  expect(german).not.toBe(englishText(says));
  expect(german).not.toMatch(/\{\w+\}/);
  return german;
}

const clientData = (data: object) => Buffer.from(JSON.stringify(data)).toString('base64url');
const registration = (clientDataJSON: string) =>
  ({ id: 'x', rawId: 'x', type: 'public-key', clientExtensionResults: {}, response: { clientDataJSON, attestationObject: 'AA' } }) as RegistrationResponseJSON;
const expected = { origin: 'https://sso.example.test', challenge: 'challenge-0123456789' };

describe('IdP failures say what they mean as a message code', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('a name that does not resolve, and any other network failure', async () => {
    const client = new IdpHttpClient({ idpLabel: 'Keycloak', baseUrl: 'https://sso.example.test/auth', timeoutMs: 5_000 });
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } })));
    const unresolved = await thrown(() => client.empty({ method: 'GET', path: '/x', what: 'checking' }));
    expect(unresolved.says).toEqual({ reason: 'idp.nameNotResolved', params: { idp: 'Keycloak', host: 'sso.example.test' } });
    expect(inGerman(unresolved)).toBe('Der Name sso.example.test von Keycloak ließ sich nicht auflösen. Prüfen Sie das Netzwerk; der Kiosk versucht es erneut.');

    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })));
    const reset = await thrown(() => client.empty({ method: 'GET', path: '/x', what: 'checking' }));
    expect(reset.says).toEqual({ reason: 'idp.networkFailed', params: { idp: 'Keycloak', problem: 'ECONNRESET' } });
    inGerman(reset);
  });

  it('each permanent refusal by its HTTP status', async () => {
    const client = new IdpHttpClient({ idpLabel: 'authentik', baseUrl: 'https://id.example.test', timeoutMs: 5_000 });
    const cases = { 400: 'idp.invalidRequest', 403: 'idp.refused', 404: 'idp.notFound', 409: 'idp.conflict', 422: 'idp.refusedOther' } as const;
    for (const [status, reason] of Object.entries(cases)) {
      vi.stubGlobal('fetch', () => Promise.resolve(new Response(JSON.stringify({ detail: 'no (test)' }), { status: Number(status) })));
      const error = await thrown(() => client.empty({ method: 'DELETE', path: '/x', what: 'removing' }));
      expect(error.kind).toBe('permanent');
      expect(error.says).toEqual({ reason, params: { idp: 'authentik', status: Number(status) } });
      expect(inGerman(error)).toContain(`HTTP ${status}`);
    }
  });

  it('a redirect to an address the kiosk cannot read', async () => {
    const client = new IdpHttpClient({ idpLabel: 'Keycloak', baseUrl: 'http://sso.example.test', timeoutMs: 5_000 });
    vi.stubGlobal('fetch', () => Promise.resolve(new Response(null, { status: 301, headers: { location: 'http://[bad' } })));
    const error = await thrown(() => client.empty({ method: 'GET', path: '/x', what: 'checking' }));
    expect(error.says).toEqual({ reason: 'idp.redirectUnreadable', params: { idp: 'Keycloak', status: 301, baseUrl: 'http://sso.example.test' } });
    inGerman(error);
  });

  it('several users for one badge, and a list without end', async () => {
    const user = (id: string) => ({ id, displayName: id, username: null, email: null, badgeId: '40021' });
    const several = await thrown(() => theOneMatch('Keycloak', { badgeId: '40021' }, [user('a'), user('b')], null));
    expect(several.says).toEqual({ reason: 'idp.manyUsers', params: { idp: 'Keycloak', count: 2, searchField: 'badgeId', searchValue: '40021' } });
    expect(inGerman(several)).toContain('2 Konten');

    const endless = await thrown(() => readAllPages({ idpLabel: 'authentik', what: 'listing' }, () => Promise.resolve({ items: [1], next: 1 })));
    expect(endless.says).toEqual({ reason: 'idp.tooManyPages', params: { idp: 'authentik', pages: 50 } });
    inGerman(endless);
  });

  it('a secret missing from the store', async () => {
    const empty = { get: () => Promise.resolve(null), set: () => Promise.resolve(), delete: () => Promise.resolve() };
    const error = await thrown(() => readSecret(empty, 'idp.keycloak'));
    expect(error.says).toEqual({ reason: 'idp.secretMissing', params: { name: 'idp.keycloak' } });
    inGerman(error);
  });

  it("a security key's answer the IdP would refuse", async () => {
    const cases: Array<[object, string]> = [
      [{ type: 'webauthn.get', origin: expected.origin, challenge: expected.challenge }, 'idp.keyAnswerNotRegistration'],
      [{ type: 'webauthn.create', origin: 'https://evil.example', challenge: expected.challenge }, 'idp.keyWrongOrigin'],
      [{ type: 'webauthn.create', origin: expected.origin, challenge: 'another' }, 'idp.keyWrongChallenge'],
    ];
    for (const [data, reason] of cases) {
      const error = await thrown(() => checkClientData(registration(clientData(data)), expected, 'Keycloak'));
      expect(error.says?.reason).toBe(reason);
      inGerman(error);
    }
    const unreadable = await thrown(() => checkClientData(registration('not json'), expected, 'Keycloak'));
    expect(unreadable.says?.reason).toBe('idp.keyAnswerUnreadable');

    const handle = { userId: 'u', challenge: expected.challenge, rpId: 'sso.example.test', origin: expected.origin, expiresAt: new Date().toISOString() };
    const unverified = await thrown(() => verifyLocalRegistration(handle, registration(clientData({ type: 'webauthn.create', ...expected })), 'Keycloak'));
    expect(unverified.says).toEqual({ reason: 'idp.keyNotVerifiedBecause', params: { idp: 'Keycloak', problem: expect.any(String) } });
    inGerman(unverified);
  });

  it('keeps its code through the journey, the outbox and the status screen', () => {
    const error = new IdpError('transient', { reason: 'idp.serverError', params: { idp: 'Keycloak', status: 502 } }, { status: 502, during: 'looking up the user' });
    expect(error.message).toBe('Keycloak had a server error (HTTP 502); the kiosk will try again.');
    const body = idpFailure(error).toBody();
    expect(body).toMatchObject({ code: 'idp_unreachable', message: error.message, reason: 'idp.serverError', params: { idp: 'Keycloak', status: 502 } });
    expect(say('de', KioskError.fromBody(body).says)).toBe('Keycloak hatte einen Serverfehler (HTTP 502); der Kiosk versucht es erneut.');

    expect(toIdpError(toSyncFailure(error)).says).toEqual(error.says);

    const tracker = new IdpStatusTracker({ now: () => new Date('2026-12-02T10:00:00Z') });
    tracker.record(error);
    expect(tracker.lastError).toMatchObject({ kind: 'transient', says: error.says });
    const status = idpStatusSchema.shape.lastError.parse(tracker.lastError);
    expect(status?.says).toEqual(error.says);
  });
});
