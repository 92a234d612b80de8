import { randomBytes, randomUUID } from 'node:crypto';
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import { contractAvailable } from './contracts/contracts-dir';
import { EntraContract } from './contracts/entra-contract';
import { bearer, checkClientCredentialsRequest, FakeIdpServer, type FakeReply, type FakeRequest, type FakeRoute } from './fake-idp-server';

/**
 * A fake Microsoft Graph + token endpoint: users, creation options (v1.0 and the beta form
 * with challengeTimeoutInMinutes), on-behalf FIDO2 registration verified with
 * @simplewebauthn/server against Entra's origin and RP ID, list/delete, Temporary Access Pass.
 */

const RP_ID = 'login.microsoftonline.com';
const ORIGIN = 'https://login.microsoftonline.com';

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
  private readonly challenges = new Map<string, { userId: string; expiresAt: number }>();
  private readonly tokens = new Set<string>();

  private constructor(contract: EntraContract | null) {
    this.server = new FakeIdpServer('Entra', this.routes(), contract);
  }

  static async start(): Promise<EntraFake> {
    const fake = new EntraFake(contractAvailable('entra') ? new EntraContract() : null);
    await fake.server.start();
    return fake;
  }

  get baseUrl(): string {
    return this.server.baseUrl;
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
      { method: 'GET', pattern: /^\/v1\.0\/users$/, handle: (request) => this.authed(request, () => this.listUsers(request)) },
      { method: 'GET', pattern: new RegExp(`${methods}/creationOptions$`), handle: (request, p) => this.authed(request, () => this.withUser(p, (u) => this.creationOptions(u, 5))) },
      {
        method: 'GET',
        pattern: new RegExp(`^/beta/users/${user}/authentication/fido2Methods/creationOptions\\(challengeTimeoutInMinutes=(?<minutes>\\d+)\\)$`),
        handle: (request, p) => this.authed(request, () => this.withUser(p, (u) => this.creationOptions(u, Number(p.minutes)))),
      },
      { method: 'POST', pattern: new RegExp(`${methods}$`), handle: (request, p) => this.authed(request, () => this.withUser(p, (u) => this.register(u, request))) },
      { method: 'GET', pattern: new RegExp(`${methods}$`), handle: (request, p) => this.authed(request, () => this.withUser(p, (u) => ({ status: 200, body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.fido2AuthenticationMethod)', value: this.methods.get(u.id) ?? [] } }))) },
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
    return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token } };
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
      users = users.filter((u) => u[prop] === value.replace(/''/g, "'"));
    }
    if (request.query.$top) users = users.slice(0, Number(request.query.$top));
    return { status: 200, body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users', '@odata.count': users.length, value: users } };
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
    this.taps.push({ userId: user.id, lifetimeInMinutes: lifetime });
    const now = new Date().toISOString();
    return {
      status: 201,
      body: { id: randomUUID(), temporaryAccessPass: `TAP-${randomBytes(6).toString('base64url')}`, createdDateTime: now, startDateTime: now, lifetimeInMinutes: lifetime, isUsableOnce: body.isUsableOnce ?? false, isUsable: true, methodUsabilityReason: 'EnabledByPolicy' },
    };
  }

  private method(displayName: string, model: string, aaguid: string): Fido2Method {
    return { id: randomBytes(18).toString('base64url'), displayName, createdDateTime: new Date().toISOString(), aaGuid: aaguid, model, attestationCertificates: [], attestationLevel: 'notAttested', passkeyType: 'deviceBound' };
  }
}

function graphError(status: number, code: string, message: string): FakeReply {
  return { status, body: { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID() } } } };
}
