import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { decode } from 'cborg';
import { buildWebauthnCredentialData } from '../../electron/core/idp/keycloak/keycloak-credential-data';
import { contractAvailable } from './contracts/contracts-dir';
import { OpenApiContract } from './contracts/openapi-contract';
import { bearer, checkClientCredentialsRequest, FakeIdpServer, type FakeReply, type FakeRequest, type FakeRoute } from './fake-idp-server';
import { browserForm, browserGet, PasskeyEnrollmentPage, sessionCookie, type Enrollment } from './passkey-enrollment-page';

/**
 * A fake Keycloak admin API with enough behaviour for the connector's end-to-end tests:
 * client-credentials tokens, users with attributes, credentials imported through
 * PUT /users/{id}, required actions, the actions email, list and delete. It enforces what the
 * contracts README says about imported credentials and counts registrations by credential id.
 *
 * The account console (/realms/{realm}/account, the link the connector shows) asks the person
 * to sign in and then runs their pending `webauthn-register-passwordless` required action on
 * the shared passkey page, storing a real `webauthn-passwordless` credential. The URL cannot
 * name the person: real Keycloak's one-time action-token link is only in the email, the admin
 * API never returns it. So the person signs in, as at a real Keycloak. The fake has no
 * passwords, so its form asks for the username (or email) only.
 */

interface StoredCredential {
  id: string;
  type: string;
  userLabel?: string;
  createdDate: number;
  credentialData?: string;
  secretData?: string;
}

interface StoredUser {
  id: string;
  username: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  enabled: boolean;
  attributes: Record<string, string[]>;
  requiredActions: string[];
}

const PASSKEY_ACTION = 'webauthn-register-passwordless';
const SESSION_COOKIE = 'KEYCLOAK_SESSION';
const WEBAUTHN_FIELDS = ['aaguid', 'attestationStatement', 'attestationStatementFormat', 'counter', 'credentialId', 'credentialPublicKey', 'transports'];

/** A fresh realm's passwordless policy, as Keycloak 26 creates it. */
export const KEYCLOAK_DEFAULT_PASSWORDLESS_POLICY = {
  webAuthnPolicyPasswordlessRpEntityName: 'keycloak',
  webAuthnPolicyPasswordlessSignatureAlgorithms: ['ES256', 'RS256'],
  webAuthnPolicyPasswordlessRpId: '',
  webAuthnPolicyPasswordlessAttestationConveyancePreference: 'not specified',
  webAuthnPolicyPasswordlessAuthenticatorAttachment: 'not specified',
  webAuthnPolicyPasswordlessRequireResidentKey: 'Yes',
  webAuthnPolicyPasswordlessUserVerificationRequirement: 'required',
  webAuthnPolicyPasswordlessCreateTimeout: 0,
  webAuthnPolicyPasswordlessAvoidSameAuthenticatorRegister: false,
  webAuthnPolicyPasswordlessAcceptableAaguids: [] as string[],
  webAuthnPolicyPasswordlessExtraOrigins: [] as string[],
  webAuthnPolicyPasswordlessPasskeysEnabled: true,
};

export interface KeycloakFakeOptions {
  realm?: string;
  clientId?: string;
  clientSecret?: string;
}

export class KeycloakFake {
  readonly realm: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly server: FakeIdpServer;
  readonly users = new Map<string, StoredUser>();
  readonly credentials = new Map<string, StoredCredential[]>();
  /** Imports of each WebAuthn credential id (standard base64): exactly-once means 1. */
  readonly registrationsByCredentialId = new Map<string, number>();
  /** Every request body received, to prove no plaintext recovery code ever arrived. */
  readonly receivedBodies: string[] = [];
  readonly actionEmails: Array<{ userId: string; actions: string[]; lifespan: string | undefined }> = [];
  /** Problems with imported credentials that real Keycloak would reject or misread. */
  readonly credentialProblems: string[] = [];
  /** An attribute search also matches values that merely contain the one asked for, as a looser (federated) directory would. */
  looseSearch = false;
  /**
   * The realm's WebAuthn Passwordless Policy as GET /admin/realms/{realm} shows it; Keycloak's
   * defaults (nothing restricted) until a test makes it restrictive.
   */
  passwordlessPolicy: Record<string, unknown> = { ...KEYCLOAK_DEFAULT_PASSWORDLESS_POLICY };
  /** Send expires_in as text ("300"), as some proxies in front of the token endpoint do. */
  expiresInAsText = false;
  private readonly tokens = new Set<string>();
  /** Browser sessions of the account console: session id → user id. */
  private readonly sessions = new Map<string, string>();
  private readonly passkeyPage: PasskeyEnrollmentPage;

  private constructor(options: KeycloakFakeOptions, contract: OpenApiContract | null) {
    this.realm = options.realm ?? 'staff';
    this.clientId = options.clientId ?? 'enrollment-kiosk';
    this.clientSecret = options.clientSecret ?? randomBytes(16).toString('hex');
    this.passkeyPage = new PasskeyEnrollmentPage({
      idpName: `Keycloak · ${this.realm}`,
      rpName: 'Keycloak',
      path: `/realms/${encodeURIComponent(this.realm)}/login-actions/required-action/${PASSKEY_ACTION}/`,
      enrollmentFor: (request) => this.enrollmentFor(request),
    });
    this.server = new FakeIdpServer('Keycloak', [...this.routes(), ...this.passkeyPage.routes()], contract);
  }

  static async start(options: KeycloakFakeOptions = {}): Promise<KeycloakFake> {
    const contract = contractAvailable('keycloak') ? await OpenApiContract.load('keycloak') : null;
    const fake = new KeycloakFake(options, contract);
    await fake.server.start();
    return fake;
  }

  get baseUrl(): string {
    return this.server.baseUrl;
  }

  addUser(user: { username: string; email?: string; firstName?: string; lastName?: string; badgeId?: string }): string {
    const id = randomUUID();
    this.users.set(id, {
      id,
      username: user.username,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      enabled: true,
      attributes: user.badgeId ? { badge_id: [user.badgeId] } : {},
      requiredActions: [],
    });
    this.credentials.set(id, []);
    return id;
  }

  /** What happens when the attendee creates a passkey on their phone through the required action. */
  simulateUserAddsPasskey(userId: string): string {
    const user = this.users.get(userId);
    if (!user) throw new Error('unknown user');
    const id = randomUUID();
    const credentialData = {
      aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
      credentialId: randomBytes(16).toString('base64'),
      credentialPublicKey: randomBytes(77).toString('base64url'),
      counter: 0,
      attestationStatementFormat: 'none',
      attestationStatement: '',
      transports: ['internal', 'hybrid'],
    };
    this.credentials.get(userId)?.push({ id, type: 'webauthn-passwordless', userLabel: 'iPhone', createdDate: Date.now(), credentialData: JSON.stringify(credentialData), secretData: '{}' });
    user.requiredActions = user.requiredActions.filter((action) => action !== PASSKEY_ACTION);
    return id;
  }

  /** Token revoked behind the kiosk's back (the "401 mid-run" fault). */
  revokeAllTokens(): void {
    this.tokens.clear();
  }

  /** Keycloak's check at sign-in: does this typed code match one stored hash? */
  acceptsRecoveryCode(userId: string, code: string): boolean {
    const stored = this.credentials.get(userId)?.find((credential) => credential.type === 'recovery-authn-codes');
    if (!stored?.secretData) return false;
    const { codes } = JSON.parse(stored.secretData) as { codes: Array<{ encodedHashedValue: string }> };
    const hash = createHash('sha512').update(code, 'utf8').digest('base64');
    return codes.some((entry) => entry.encodedHashedValue === hash);
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  private routes(): FakeRoute[] {
    const realm = '(?<realm>[^/]+)';
    const user = '(?<userId>[^/]+)';
    return [
      {
        method: 'POST',
        pattern: new RegExp(`^/realms/${realm}/protocol/openid-connect/token$`),
        outsideContract: checkClientCredentialsRequest,
        handle: (request) => this.token(request),
      },
      { method: 'GET', pattern: new RegExp(`^/realms/${realm}/account$`), outsideContract: browserGet, handle: (request, p) => this.accountConsole(request, p.realm ?? '') },
      { method: 'POST', pattern: new RegExp(`^/realms/${realm}/login-actions/authenticate$`), outsideContract: browserForm, handle: (request, p) => this.signIn(request, p.realm ?? '') },
      {
        method: 'GET',
        pattern: new RegExp(`^/admin/realms/${realm}$`),
        handle: (request) => this.authed(request, () => ({ status: 200, body: { id: this.realm, realm: this.realm, enabled: true, ...this.passwordlessPolicy } })),
      },
      { method: 'GET', pattern: new RegExp(`^/admin/realms/${realm}/users$`), handle: (request) => this.authed(request, () => this.search(request)) },
      { method: 'GET', pattern: new RegExp(`^/admin/realms/${realm}/users/count$`), handle: (request) => this.authed(request, () => ({ status: 200, body: this.users.size })) },
      { method: 'GET', pattern: new RegExp(`^/admin/realms/${realm}/users/${user}$`), handle: (request, p) => this.authed(request, () => this.withUser(p, (u) => ({ status: 200, body: this.representation(u) }))) },
      { method: 'PUT', pattern: new RegExp(`^/admin/realms/${realm}/users/${user}$`), handle: (request, p) => this.authed(request, () => this.withUser(p, (u) => this.update(u, request))) },
      {
        method: 'PUT',
        pattern: new RegExp(`^/admin/realms/${realm}/users/${user}/execute-actions-email$`),
        handle: (request, p) =>
          this.authed(request, () =>
            this.withUser(p, (u) => {
              this.actionEmails.push({ userId: u.id, actions: request.body as string[], lifespan: request.query.lifespan });
              return { status: 204 };
            }),
          ),
      },
      {
        method: 'GET',
        pattern: new RegExp(`^/admin/realms/${realm}/users/${user}/credentials$`),
        handle: (request, p) =>
          this.authed(request, () =>
            this.withUser(p, (u) => ({
              status: 200,
              // Keycloak never returns secretData from this endpoint.
              body: (this.credentials.get(u.id) ?? []).map(({ secretData: _secret, ...rest }) => rest),
            })),
          ),
      },
      {
        method: 'DELETE',
        pattern: new RegExp(`^/admin/realms/${realm}/users/${user}/credentials/(?<credentialId>[^/]+)$`),
        handle: (request, p) =>
          this.authed(request, () =>
            this.withUser(p, (u) => {
              const list = this.credentials.get(u.id) ?? [];
              const index = list.findIndex((credential) => credential.id === p.credentialId);
              if (index < 0) return { status: 404, body: { error: 'Credential not found' } };
              list.splice(index, 1);
              return { status: 204 };
            }),
          ),
      },
    ];
  }

  private accountConsole(request: FakeRequest, realm: string): FakeReply {
    if (realm !== this.realm) return this.passkeyPage.message(404, 'Page not found', `There is no realm "${realm}" here.`);
    const user = this.users.get(this.sessions.get(request.cookies[SESSION_COOKIE] ?? '') ?? '');
    if (!user) return this.signInForm(200);
    const enrollment = this.enrollmentFor(request);
    if (enrollment) return this.passkeyPage.page(request, enrollment);
    return this.passkeyPage.message(410, 'No passkey to create', `${user.username} has no passkey set-up waiting: it was done already, or the kiosk has not asked for one. Ask at the kiosk for a new code.`);
  }

  private signIn(request: FakeRequest, realm: string): FakeReply {
    const typed = String((request.body as Record<string, unknown> | undefined)?.username ?? '').trim().toLowerCase();
    const user = realm === this.realm ? [...this.users.values()].find((u) => u.username.toLowerCase() === typed || u.email?.toLowerCase() === typed) : undefined;
    if (!user) return this.signInForm(401, 'Invalid username or email.');
    const sid = randomBytes(18).toString('base64url');
    this.sessions.set(sid, user.id);
    return { status: 303, headers: { location: `/realms/${encodeURIComponent(realm)}/account`, 'set-cookie': sessionCookie(SESSION_COOKIE, sid) } };
  }

  private signInForm(status: number, error?: string): FakeReply {
    const action = `/realms/${encodeURIComponent(this.realm)}/login-actions/authenticate`;
    return this.passkeyPage.signIn(status, 'Sign in to create your passkey', action, [{ name: 'username', label: 'Username or email', autocomplete: 'username' }], error);
  }

  /** A signed-in user with the passkey required action pending; doing it ends the action. */
  private enrollmentFor(request: FakeRequest): Enrollment | null {
    const sid = request.cookies[SESSION_COOKIE] ?? '';
    const user = this.users.get(this.sessions.get(sid) ?? '');
    if (!user?.requiredActions.includes(PASSKEY_ACTION)) return null;
    return {
      key: sid,
      user: { id: user.id, username: user.username, displayName: [user.firstName, user.lastName].filter(Boolean).join(' ') || user.username },
      register: (passkey, response) => {
        const credentialData = buildWebauthnCredentialData(passkey, response);
        // Keycloak asks the person for a label; the fake's page does not, so every one is "Passkey".
        this.credentials.get(user.id)?.push({ id: randomUUID(), type: 'webauthn-passwordless', userLabel: 'Passkey', createdDate: Date.now(), credentialData: JSON.stringify(credentialData), secretData: '{}' });
        this.registrationsByCredentialId.set(credentialData.credentialId, (this.registrationsByCredentialId.get(credentialData.credentialId) ?? 0) + 1);
        user.requiredActions = user.requiredActions.filter((action) => action !== PASSKEY_ACTION);
      },
    };
  }

  private token(request: FakeRequest): FakeReply {
    const form = request.body as Record<string, string>;
    if (form.client_id !== this.clientId || form.client_secret !== this.clientSecret) {
      return { status: 401, body: { error: 'unauthorized_client', error_description: 'Invalid client or Invalid client credentials' } };
    }
    const token = randomBytes(24).toString('base64url');
    this.tokens.add(token);
    return { status: 200, body: { access_token: token, expires_in: this.expiresInAsText ? '300' : 300, token_type: 'Bearer' } };
  }

  private authed(request: FakeRequest, then: () => FakeReply): FakeReply {
    if (request.text) this.receivedBodies.push(request.text);
    const token = bearer(request);
    if (!token || !this.tokens.has(token)) return { status: 401, body: { error: 'HTTP 401 Unauthorized' } };
    if (request.path.split('/')[3] !== this.realm) return { status: 404, body: { error: 'Realm not found.' } };
    return then();
  }

  private withUser(params: Record<string, string>, then: (user: StoredUser) => FakeReply): FakeReply {
    const user = params.userId ? this.users.get(params.userId) : undefined;
    return user ? then(user) : { status: 404, body: { error: 'User not found' } };
  }

  private search(request: FakeRequest): FakeReply {
    const { q, email, username } = request.query;
    let found = [...this.users.values()];
    if (q) {
      const pairs = q.split(' ').map((pair) => pair.split(':') as [string, string]);
      found = found.filter((u) => pairs.every(([key, value]) => u.attributes[key]?.some((v) => v === value || (this.looseSearch && v.includes(value)))));
    }
    if (email) found = found.filter((u) => u.email === email);
    if (username) found = found.filter((u) => u.username === username);
    // Keycloak pages with first/max and returns at most 100 when max is not given.
    const first = Number(request.query.first ?? 0);
    const max = Number(request.query.max ?? 100);
    return { status: 200, body: found.slice(first, first + max).map((u) => this.representation(u)) };
  }

  private representation(user: StoredUser): Record<string, unknown> {
    const rep: Record<string, unknown> = { id: user.id, username: user.username, enabled: user.enabled, attributes: user.attributes, requiredActions: user.requiredActions, createdTimestamp: 1_700_000_000_000, emailVerified: true };
    if (user.email) rep.email = user.email;
    if (user.firstName) rep.firstName = user.firstName;
    if (user.lastName) rep.lastName = user.lastName;
    return rep;
  }

  private update(user: StoredUser, request: FakeRequest): FakeReply {
    const rep = request.body as Record<string, unknown>;
    if (rep.username !== undefined && rep.username !== user.username) return { status: 409, body: { errorMessage: 'Username cannot be changed' } };
    if (Array.isArray(rep.requiredActions)) user.requiredActions = rep.requiredActions as string[];
    const credentials = Array.isArray(rep.credentials) ? (rep.credentials as Array<Record<string, unknown>>) : [];
    for (const credential of credentials) {
      const problem = this.importProblem(credential);
      if (problem) {
        this.credentialProblems.push(problem);
        return { status: 400, body: { errorMessage: problem } };
      }
      const stored: StoredCredential = {
        id: randomUUID(),
        type: credential.type as string,
        userLabel: credential.userLabel as string | undefined,
        createdDate: (credential.createdDate as number | undefined) ?? Date.now(),
        credentialData: credential.credentialData as string,
        secretData: credential.secretData as string,
      };
      this.credentials.get(user.id)?.push(stored);
      if (stored.type === 'webauthn-passwordless') {
        const id = (JSON.parse(stored.credentialData ?? '{}') as { credentialId: string }).credentialId;
        this.registrationsByCredentialId.set(id, (this.registrationsByCredentialId.get(id) ?? 0) + 1);
      }
    }
    return { status: 204 };
  }

  /** What real Keycloak would reject or silently misread (contracts README). */
  private importProblem(credential: Record<string, unknown>): string | null {
    if ('value' in credential) return `credential of type ${String(credential.type)} has a value: Keycloak would treat it as a password`;
    if (credential.type === 'webauthn-passwordless' || credential.type === 'webauthn') {
      if (credential.secretData !== '{}') return 'webauthn credential secretData must be "{}"';
      const data = JSON.parse(String(credential.credentialData)) as Record<string, unknown>;
      const keys = Object.keys(data).sort();
      if (keys.join() !== WEBAUTHN_FIELDS.join()) return `credentialData fields ${keys.join()} differ from ${WEBAUTHN_FIELDS.join()}`;
      if (!/^[0-9a-f-]{36}$/.test(String(data.aaguid))) return 'aaguid is not a UUID string';
      if (!/^[A-Za-z0-9+/]+=*$/.test(String(data.credentialId))) return 'credentialId is not standard base64';
      const cose = decode(Buffer.from(String(data.credentialPublicKey), 'base64url'), { useMaps: true }) as Map<number, unknown>;
      if (cose.get(1) !== 2 || cose.get(3) !== -7 || (cose.get(-2) as Uint8Array | undefined)?.length !== 32) return 'credentialPublicKey is not a base64url COSE ES256 key';
      if (!Array.isArray(data.transports)) return 'transports must be an array';
      return null;
    }
    if (credential.type === 'recovery-authn-codes') {
      // Only SHA-512 hashes and counts may arrive: no field that could carry a plaintext code.
      const secret = JSON.parse(String(credential.secretData)) as { codes?: Array<Record<string, unknown>> };
      const secretKeys = Object.keys(secret).join();
      if (secretKeys !== 'codes') return `recovery codes secretData has fields ${secretKeys}`;
      if (!Array.isArray(secret.codes) || secret.codes.length === 0) return 'recovery codes secretData has no codes';
      const data = JSON.parse(String(credential.credentialData)) as Record<string, unknown>;
      const dataKeys = Object.keys(data).sort().join();
      if (dataKeys !== 'algorithm,hashIterations,remainingCodes,totalCodes') return `recovery codes credentialData has fields ${dataKeys}`;
      if (data.algorithm !== 'SHA-512' || data.hashIterations !== 1) return `recovery codes are hashed with ${String(data.algorithm)} × ${String(data.hashIterations)}, not SHA-512 once as Keycloak 26.2+ checks them`;
      if (data.totalCodes !== secret.codes.length || data.remainingCodes !== secret.codes.length) return 'recovery codes credentialData counts differ from the codes sent';
      for (const entry of secret.codes) {
        const keys = Object.keys(entry).sort().join();
        if (keys !== 'encodedHashedValue,number') return `recovery code entry has fields ${keys}`;
        if (Buffer.from(String(entry.encodedHashedValue), 'base64').length !== 64) return 'encodedHashedValue is not a SHA-512 hash in base64';
      }
      return null;
    }
    return `the fake does not import credentials of type ${String(credential.type)}`;
  }
}
