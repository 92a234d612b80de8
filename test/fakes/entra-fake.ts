import { randomBytes, randomUUID } from 'node:crypto';
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import { contractAvailable } from './contracts/contracts-dir';
import { defaultFido2Configuration } from './entra-passkey-policy';
import { EntraContract } from './contracts/entra-contract';
import { bearer, checkClientCredentialsRequest, FakeIdpServer, type FakeReply, type FakeRequest, type FakeRoute } from './fake-idp-server';
import { browserForm, browserGet, PasskeyEnrollmentPage, sessionCookie, type Enrollment } from './passkey-enrollment-page';

/**
 * A fake Microsoft Graph + token endpoint: users, creation options (v1.0 and the beta form
 * with challengeTimeoutInMinutes), on-behalf FIDO2 registration verified with
 * @simplewebauthn/server against Entra's origin and RP ID, list/delete, Temporary Access Pass.
 *
 * Its Security info page (/security-info, what aka.ms/mysecurityinfo opens; the connector's
 * mySecurityInfoUrl points here) signs the person in with their user principal name and the
 * Temporary Access Pass issued through Graph, honouring its lifetime and one-time use, then
 * registers a passkey on the shared passkey page and lists it as a fido2AuthenticationMethod.
 */

const RP_ID = 'login.microsoftonline.com';
const ORIGIN = 'https://login.microsoftonline.com';
const SESSION_COOKIE = 'ESTSAUTH';
const SECURITY_INFO = '/security-info';
const BAD_PASS = 'That Temporary Access Pass does not work for this account: it may be mistyped, used already or expired. Ask at the kiosk for a new one.';

interface TemporaryAccessPass {
  userId: string;
  expiresAt: number;
  isUsableOnce: boolean;
  used: boolean;
}

interface GraphUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string | null;
  employeeId: string | null;
}

interface Fido2Method {
  id: string;
  displayName: string;
  createdDateTime: string;
  aaGuid: string;
  model: string;
  attestationCertificates: string[];
  attestationLevel: 'attested' | 'notAttested';
  passkeyType: 'deviceBound' | 'synced';
}

export class EntraFake {
  readonly tenantId = 'contoso.onmicrosoft.com';
  readonly clientId = randomUUID();
  readonly clientSecret = randomBytes(16).toString('base64url');
  readonly server: FakeIdpServer;
  readonly users = new Map<string, GraphUser>();
  readonly methods = new Map<string, Fido2Method[]>();
  readonly registrationsByCredentialId = new Map<string, number>();
  readonly taps: Array<{ userId: string; lifetimeInMinutes: number }> = [];
  /** Why registrations were refused (a test that expects success asserts this is empty). */
  readonly refusedRegistrations: string[] = [];
  /** Items per page of a collection (users, fido2Methods), as Graph pages them; null: all on one page. */
  pageSize: number | null = null;
  /** A filter also matches values that merely start with the one asked for, as a looser directory search would. */
  looseSearch = false;
  /** The passkey (FIDO2) settings Graph serves; a test makes them restrictive. */
  fido2Policy = defaultFido2Configuration();
  /** Group id → its members' user ids, for checkMemberGroups. */
  readonly groupMembers = new Map<string, Set<string>>();
  /** Send expires_in as text ("3599"), as some proxies in front of the token endpoint do. */
  expiresInAsText = false;
  private readonly challenges = new Map<string, { userId: string; expiresAt: number }>();
  private readonly tokens = new Set<string>();
  /** Issued passes by their code: only the Security info page reads them. */
  private readonly passes = new Map<string, TemporaryAccessPass>();
  /** Browser sessions of the Security info page: session id → user id. */
  private readonly sessions = new Map<string, string>();
  private readonly passkeyPage = new PasskeyEnrollmentPage({
    idpName: 'Microsoft · Security info',
    rpName: 'Microsoft',
    path: `${SECURITY_INFO}/passkey/`,
    enrollmentFor: (request) => this.enrollmentFor(request),
  });

  private constructor(contract: EntraContract | null) {
    this.server = new FakeIdpServer('Entra', [...this.routes(), ...this.passkeyPage.routes()], contract);
  }

  static async start(): Promise<EntraFake> {
    const fake = new EntraFake(contractAvailable('entra') ? new EntraContract() : null);
    await fake.server.start();
    return fake;
  }

  get baseUrl(): string {
    return this.server.baseUrl;
  }

  /** The connector's mySecurityInfoUrl for this fake. */
  get mySecurityInfoUrl(): string {
    return `${this.server.localBaseUrl}${SECURITY_INFO}`;
  }

  addUser(user: { displayName: string; userPrincipalName: string; mail?: string; employeeId?: string }): string {
    const id = randomUUID();
    this.users.set(id, { id, displayName: user.displayName, userPrincipalName: user.userPrincipalName, mail: user.mail ?? null, employeeId: user.employeeId ?? null });
    this.methods.set(id, []);
    return id;
  }

  /** The attendee signs in at mysecurityinfo with the TAP and adds a passkey in Authenticator. */
  simulateUserAddsPasskey(userId: string): string {
    const method = this.method('Microsoft Authenticator', 'Microsoft Authenticator - iOS', '90a3ccdf-635c-4729-a248-9b709135078f');
    this.methods.get(userId)?.push(method);
    return method.id;
  }

  /** Every issued challenge expires (e.g. the 5 minutes of v1.0 passed). */
  forgetChallenges(): void {
    this.challenges.clear();
  }

  revokeAllTokens(): void {
    this.tokens.clear();
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  private routes(): FakeRoute[] {
    const user = '(?<userId>[^/]+)';
    const methods = `^/v1\\.0/users/${user}/authentication/fido2Methods`;
    return [
      {
        method: 'POST',
        pattern: /^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/token$/,
        outsideContract: (request) => {
          const errors = checkClientCredentialsRequest(request);
          if ((request.body as Record<string, string>).scope !== 'https://graph.microsoft.com/.default') errors.push('scope must be https://graph.microsoft.com/.default');
          return errors;
        },
        handle: (request, p) => this.token(request, p),
      },
      { method: 'GET', pattern: new RegExp(`^${SECURITY_INFO}$`), outsideContract: browserGet, handle: (request) => this.securityInfo(request) },
      { method: 'POST', pattern: new RegExp(`^${SECURITY_INFO}$`), outsideContract: browserForm, handle: (request) => this.signIn(request) },
      { method: 'GET', pattern: /^\/v1\.0\/users$/, handle: (request) => this.authed(request, () => this.listUsers(request)) },
      { method: 'GET', pattern: new RegExp(`${methods}/creationOptions$`), handle: (request, p) => this.authed(request, () => this.withUser(p, (u) => this.creationOptions(u, 5))) },
      {
        method: 'GET',
        pattern: new RegExp(`^/beta/users/${user}/authentication/fido2Methods/creationOptions\\(challengeTimeoutInMinutes=(?<minutes>\\d+)\\)$`),
        handle: (request, p) => this.authed(request, () => this.withUser(p, (u) => this.creationOptions(u, Number(p.minutes)))),
      },
      { method: 'POST', pattern: new RegExp(`${methods}$`), handle: (request, p) => this.authed(request, () => this.withUser(p, (u) => this.register(u, request))) },
      {
        method: 'GET',
        pattern: new RegExp(`${methods}$`),
        handle: (request, p) =>
          this.authed(request, () =>
            this.withUser(p, (u) => ({
              status: 200,
              body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.fido2AuthenticationMethod)', ...this.page(request, this.methods.get(u.id) ?? []) },
            })),
          ),
      },
      {
        method: 'DELETE',
        pattern: new RegExp(`${methods}/(?<methodId>[^/]+)$`),
        handle: (request, p) =>
          this.authed(request, () =>
            this.withUser(p, (u) => {
              const list = this.methods.get(u.id) ?? [];
              const index = list.findIndex((m) => m.id === p.methodId);
              if (index < 0) return graphError(404, 'itemNotFound', 'The authentication method was not found.');
              list.splice(index, 1);
              return { status: 204 };
            }),
          ),
      },
      {
        method: 'GET',
        pattern: /^\/v1\.0\/policies\/authenticationMethodsPolicy\/authenticationMethodConfigurations\/fido2$/,
        handle: (request) => this.authed(request, () => ({ status: 200, body: this.fido2Policy })),
      },
      {
        method: 'POST',
        pattern: new RegExp(`^/v1\\.0/users/${user}/checkMemberGroups$`),
        handle: (request, p) =>
          this.authed(request, () =>
            this.withUser(p, (u) => {
              const asked = (request.body as { groupIds: string[] }).groupIds;
              return { status: 200, body: { value: asked.filter((id) => this.groupMembers.get(id)?.has(u.id)) } };
            }),
          ),
      },
      {
        method: 'POST',
        pattern: new RegExp(`^/v1\\.0/users/${user}/authentication/temporaryAccessPassMethods$`),
        handle: (request, p) => this.authed(request, () => this.withUser(p, (u) => this.createTap(u, request))),
      },
    ];
  }

  private token(request: FakeRequest, params: Record<string, string>): FakeReply {
    const form = request.body as Record<string, string>;
    if (params.tenant !== this.tenantId) return { status: 400, body: { error: 'invalid_request', error_description: `AADSTS90002: Tenant '${params.tenant}' not found.` } };
    if (form.client_id !== this.clientId || form.client_secret !== this.clientSecret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' } };
    }
    const token = randomBytes(24).toString('base64url');
    this.tokens.add(token);
    const expiresIn = this.expiresInAsText ? '3599' : 3599;
    return { status: 200, body: { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token } };
  }

  private authed(request: FakeRequest, then: () => FakeReply | Promise<FakeReply>): FakeReply | Promise<FakeReply> {
    const token = bearer(request);
    if (!token || !this.tokens.has(token)) return graphError(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.');
    return then();
  }

  private withUser(params: Record<string, string>, then: (user: GraphUser) => FakeReply | Promise<FakeReply>): FakeReply | Promise<FakeReply> {
    const user = params.userId ? this.users.get(params.userId) : undefined;
    return user ? then(user) : graphError(404, 'Request_ResourceNotFound', `Resource '${params.userId}' does not exist.`);
  }

  private listUsers(request: FakeRequest): FakeReply {
    const filter = request.query.$filter;
    let users = [...this.users.values()];
    if (filter) {
      const match = /^(?<prop>\w+) eq '(?<value>(?:[^']|'')*)'$/.exec(filter);
      if (!match?.groups) return graphError(400, 'Request_UnsupportedQuery', 'Unsupported query.');
      const { prop, value } = match.groups as { prop: keyof GraphUser; value: string };
      const wanted = value.replace(/''/g, "'");
      users = users.filter((u) => u[prop] === wanted || (this.looseSearch && u[prop]?.startsWith(wanted)));
    }
    return { status: 200, body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users', '@odata.count': users.length, ...this.page(request, users) } };
  }

  /**
   * One page of a collection ($top, else the fake's page size), and an absolute @odata.nextLink
   * that repeats the query with a $skiptoken, as Graph's does, while more remain.
   */
  private page<T>(request: FakeRequest, items: T[]): { value: T[]; '@odata.nextLink'?: string } {
    const size = Number(request.query.$top) || this.pageSize || items.length;
    const skip = Number(Buffer.from(request.query.$skiptoken ?? '', 'base64url').toString() || 0);
    if (skip + size >= items.length) return { value: items.slice(skip) };
    const query = new URLSearchParams({ ...request.query, $skiptoken: Buffer.from(String(skip + size)).toString('base64url') });
    return { value: items.slice(skip, skip + size), '@odata.nextLink': `${this.baseUrl}${request.path}?${query}` };
  }

  private async creationOptions(user: GraphUser, minutes: number): Promise<FakeReply> {
    const options = await generateRegistrationOptions({
      rpName: 'Microsoft',
      rpID: RP_ID,
      userName: user.userPrincipalName,
      userDisplayName: user.displayName,
      userID: new TextEncoder().encode(user.id),
      attestationType: 'direct',
      timeout: 120_000,
    });
    const expiresAt = Date.now() + minutes * 60_000;
    this.challenges.set(options.challenge, { userId: user.id, expiresAt });
    return {
      status: 200,
      body: {
        challengeTimeoutDateTime: new Date(expiresAt).toISOString(),
        publicKey: {
          rp: { id: RP_ID, name: 'Microsoft' },
          user: { id: options.user.id, displayName: user.displayName, name: user.userPrincipalName },
          challenge: options.challenge,
          pubKeyCredParams: [{ type: 'public-key', alg: -7 }, { type: 'public-key', alg: -257 }],
          timeout: 120_000,
          excludeCredentials: [],
          authenticatorSelection: { authenticatorAttachment: 'cross-platform', requireResidentKey: true, userVerification: 'required' },
          attestation: 'direct',
          extensions: { credentialProtectionPolicy: 'userVerificationOptional', enforceCredentialProtectionPolicy: false },
        },
      },
    };
  }

  private async register(user: GraphUser, request: FakeRequest): Promise<FakeReply> {
    const body = request.body as { displayName: string; publicKeyCredential: { id: string; response: { clientDataJSON: string; attestationObject: string }; clientExtensionResults: Record<string, unknown> } };
    const credential = body.publicKeyCredential;
    try {
      const result = await verifyRegistrationResponse({
        response: { id: credential.id, rawId: credential.id, type: 'public-key', response: credential.response, clientExtensionResults: credential.clientExtensionResults },
        expectedChallenge: (challenge) => {
          const issued = this.challenges.get(challenge);
          return issued !== undefined && issued.userId === user.id && issued.expiresAt > Date.now();
        },
        expectedOrigin: ORIGIN,
        expectedRPID: RP_ID,
        requireUserVerification: true,
      });
      if (!result.verified) throw new Error('not verified');
      const challenge = JSON.parse(Buffer.from(credential.response.clientDataJSON, 'base64url').toString('utf8')).challenge as string;
      this.challenges.delete(challenge);
      this.registrationsByCredentialId.set(credential.id, (this.registrationsByCredentialId.get(credential.id) ?? 0) + 1);
      const method = this.method(body.displayName, 'Security key', result.registrationInfo.aaguid);
      this.methods.get(user.id)?.push(method);
      return { status: 201, body: method };
    } catch (error) {
      this.refusedRegistrations.push((error as Error).message);
      return graphError(400, 'invalidRequest', `The passkey registration could not be verified: ${(error as Error).message}`);
    }
  }

  private createTap(user: GraphUser, request: FakeRequest): FakeReply {
    const body = request.body as { lifetimeInMinutes?: number; isUsableOnce?: boolean };
    const lifetime = body.lifetimeInMinutes ?? 60;
    const isUsableOnce = body.isUsableOnce ?? false;
    this.taps.push({ userId: user.id, lifetimeInMinutes: lifetime });
    const code = `TAP-${randomBytes(6).toString('base64url')}`;
    this.passes.set(code, { userId: user.id, expiresAt: Date.now() + lifetime * 60_000, isUsableOnce, used: false });
    const now = new Date().toISOString();
    return {
      status: 201,
      body: { id: randomUUID(), temporaryAccessPass: code, createdDateTime: now, startDateTime: now, lifetimeInMinutes: lifetime, isUsableOnce, isUsable: true, methodUsabilityReason: 'EnabledByPolicy' },
    };
  }

  private securityInfo(request: FakeRequest): FakeReply {
    const enrollment = this.enrollmentFor(request);
    return enrollment ? this.passkeyPage.page(request, enrollment) : this.signInForm(200);
  }

  /** Sign-in with the Temporary Access Pass: the pass must be this user's, unexpired, and unused if one-time. */
  private signIn(request: FakeRequest): FakeReply {
    const form = (request.body ?? {}) as Record<string, unknown>;
    const upn = String(form.username ?? '').trim().toLowerCase();
    const user = [...this.users.values()].find((u) => u.userPrincipalName.toLowerCase() === upn);
    if (!user) return this.signInForm(401, 'We could not find an account with that username.');
    const pass = this.passes.get(String(form.tap ?? '').trim());
    if (!pass || pass.userId !== user.id || pass.used || pass.expiresAt <= Date.now()) return this.signInForm(401, BAD_PASS);
    if (pass.isUsableOnce) pass.used = true;
    const sid = randomBytes(18).toString('base64url');
    this.sessions.set(sid, user.id);
    return { status: 303, headers: { location: SECURITY_INFO, 'set-cookie': sessionCookie(SESSION_COOKIE, sid) } };
  }

  private signInForm(status: number, error?: string): FakeReply {
    return this.passkeyPage.signIn(status, 'Sign in to add a passkey', SECURITY_INFO, [
      { name: 'username', label: 'Work account (name@company)', autocomplete: 'username' },
      { name: 'tap', label: 'Temporary Access Pass', autocomplete: 'one-time-code' },
    ], error);
  }

  /**
   * A passkey added here is listed as Graph lists one: the AAGUID the authenticator reported,
   * and `synced` when it is backed up (a phone's passkey manager), else `deviceBound`.
   */
  private enrollmentFor(request: FakeRequest): Enrollment | null {
    const sid = request.cookies[SESSION_COOKIE] ?? '';
    const user = this.users.get(this.sessions.get(sid) ?? '');
    if (!user) return null;
    return {
      key: sid,
      user: { id: user.id, username: user.userPrincipalName, displayName: user.displayName },
      register: (passkey) => {
        this.registrationsByCredentialId.set(passkey.credential.id, (this.registrationsByCredentialId.get(passkey.credential.id) ?? 0) + 1);
        const method = { ...this.method('Passkey', '', passkey.aaguid), passkeyType: passkey.credentialDeviceType === 'multiDevice' ? ('synced' as const) : ('deviceBound' as const) };
        this.methods.get(user.id)?.push(method);
      },
    };
  }

  private method(displayName: string, model: string, aaguid: string): Fido2Method {
    return { id: randomBytes(18).toString('base64url'), displayName, createdDateTime: new Date().toISOString(), aaGuid: aaguid, model, attestationCertificates: [], attestationLevel: 'notAttested', passkeyType: 'deviceBound' };
  }
}

function graphError(status: number, code: string, message: string): FakeReply {
  return { status, body: { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID() } } } };
}
