import { randomBytes } from 'node:crypto';
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import { defaultWebauthnStage, webauthnStageList } from './authentik-webauthn-stage';
import { contractAvailable } from './contracts/contracts-dir';
import { OpenApiContract } from './contracts/openapi-contract';
import { bearer, FakeIdpServer, type FakeReply, type FakeRequest, type FakeRoute } from './fake-idp-server';
import { browserGet, PasskeyEnrollmentPage, sessionCookie, type Enrollment } from './passkey-enrollment-page';

/**
 * A fake authentik (API v3 under /api/v3): users with attributes, one-time expiring recovery
 * links that sign a cookie session in, a flow executor with WebAuthn and static-token set-up
 * stages (the WebAuthn stage verifies registrations with @simplewebauthn/server), devices,
 * delete. The recovery link lands where authentik's does, on the user interface (/if/user/);
 * there the fake shows its passkey page, the stand-in for authentik's WebAuthn setup flow.
 */

/** The brand's WebAuthn RP config for requests to 127.0.0.1: the connector tests' authentik. */
export const AUTHENTIK_RP_ID = 'auth.example.test';
export const AUTHENTIK_ORIGIN = 'https://auth.example.test';
const SESSION_COOKIE = 'authentik_session';
const DEFAULT_LINK_MINUTES = 30;

type Stage = 'webauthn' | 'static';

interface User {
  pk: number;
  username: string;
  name: string;
  email: string;
  attributes: Record<string, unknown>;
}

interface Device {
  pk: number;
  kind: Stage;
  userPk: number;
  name: string;
  created: string;
  confirmed: boolean;
  /** A static device's tokens, as authentik keeps them (StaticToken rows), for tests to compare with the printed sheet. */
  tokens: string[];
}

interface FlowState {
  slug: string;
  stage: number;
  challenge?: string;
  codes?: string[];
  pendingDevice?: number;
}

const flowInfo = { title: 'Set up your sign-in', cancel_url: '/flows/-/cancel/', layout: 'stacked' };

export class AuthentikFake {
  apiToken = randomBytes(24).toString('base64url');
  readonly server: FakeIdpServer;
  readonly users = new Map<number, User>();
  readonly devices: Device[] = [];
  readonly registrationsByCredentialId = new Map<string, number>();
  readonly refusedRegistrations: string[] = [];
  /** Flows by slug and their stages, as an operator would configure them. */
  readonly flows = new Map<string, Stage[]>([
    ['kiosk-key-setup', ['webauthn', 'static']],
    ['kiosk-recovery-codes', ['static']],
  ]);
  /** The WebAuthn set-up stage's key settings (one stage, in every flow with a WebAuthn step). */
  webauthnStage = defaultWebauthnStage();
  /** Users per page of a list, where the request asks for no page_size; null: all on one page. */
  pageSize: number | null = null;
  /** An attribute filter also matches values that merely contain the one asked for, as a looser directory search would. */
  looseSearch = false;
  private readonly recoveryTokens = new Map<string, { userPk: number; expiresAt: number }>();
  private readonly passkeyPage: PasskeyEnrollmentPage;
  private readonly sessions = new Map<string, { userPk: number; flow: FlowState | null }>();
  private nextPk = 100;

  private constructor(contract: OpenApiContract | null) {
    this.passkeyPage = new PasskeyEnrollmentPage({
      idpName: 'authentik',
      rpName: 'authentik',
      path: '/if/flow/default-authenticator-webauthn-setup/',
      enrollmentFor: (request) => this.enrollmentFor(request),
    });
    this.server = new FakeIdpServer('authentik', [...this.routes(), ...this.passkeyPage.routes()], contract);
  }

  static async start(): Promise<AuthentikFake> {
    const fake = new AuthentikFake(contractAvailable('authentik') ? await OpenApiContract.load('authentik') : null);
    await fake.server.start();
    return fake;
  }

  get baseUrl(): string {
    return this.server.baseUrl;
  }

  addUser(user: { username: string; name: string; email: string; badgeId?: string }): number {
    const pk = this.nextPk++;
    this.users.set(pk, { pk, username: user.username, name: user.name, email: user.email, attributes: user.badgeId ? { badge_id: user.badgeId } : {} });
    return pk;
  }

  simulateUserAddsPasskey(userPk: number): string {
    const device = this.addDevice(userPk, 'webauthn', 'iCloud Keychain', true);
    return `webauthn:${device.pk}`;
  }

  /** The operator rotates the API token: the old one is refused from now on. */
  rotateApiToken(): string {
    this.apiToken = randomBytes(24).toString('base64url');
    return this.apiToken;
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  private routes(): FakeRoute[] {
    return [
      { method: 'GET', pattern: /^\/api\/v3\/core\/users\/$/, handle: (r) => this.authed(r, () => this.listUsers(r)) },
      { method: 'POST', pattern: /^\/api\/v3\/core\/users\/(?<pk>\d+)\/recovery\/$/, handle: (r, p) => this.authed(r, () => this.recoveryLink(r, Number(p.pk))) },
      // Web views, not part of API v3: opened with a plain GET, without a body or token.
      { method: 'GET', pattern: /^\/recovery\/use-token\/(?<key>[^/]+)\/$/, outsideContract: browserGet, handle: (_r, p) => this.useRecoveryToken(p.key ?? '') },
      { method: 'GET', pattern: /^\/if\/user\/$/, outsideContract: browserGet, handle: (r) => this.userInterface(r) },
      { method: 'GET', pattern: /^\/api\/v3\/flows\/executor\/(?<slug>[^/]+)\/$/, handle: (r, p) => this.executor(r, p.slug ?? '') },
      { method: 'POST', pattern: /^\/api\/v3\/flows\/executor\/(?<slug>[^/]+)\/$/, handle: (r, p) => this.executor(r, p.slug ?? '') },
      {
        method: 'GET',
        pattern: /^\/api\/v3\/stages\/authenticator\/webauthn\/$/,
        handle: (r) => this.authed(r, () => ({ status: 200, body: webauthnStageList(this.webauthnStage, [...this.flows].filter(([, stages]) => stages.includes('webauthn')).map(([slug]) => slug)) })),
      },
      { method: 'GET', pattern: /^\/api\/v3\/authenticators\/admin\/all\/$/, handle: (r) => this.authed(r, () => ({ status: 200, body: this.devices.filter((d) => d.userPk === Number(r.query.user)).map(deviceRep) })) },
      { method: 'DELETE', pattern: /^\/api\/v3\/authenticators\/admin\/(?<kind>webauthn|static)\/(?<pk>\d+)\/$/, handle: (r, p) => this.authed(r, () => this.deleteDevice(p.kind as Stage, Number(p.pk))) },
    ];
  }

  private authed(request: FakeRequest, then: () => FakeReply | Promise<FakeReply>): FakeReply | Promise<FakeReply> {
    const token = bearer(request);
    if (!token) return { status: 403, body: { detail: 'Authentication credentials were not provided.' } };
    if (token !== this.apiToken) return { status: 401, body: { detail: 'Token invalid/expired' } };
    return then();
  }

  private listUsers(request: FakeRequest): FakeReply {
    let users = [...this.users.values()];
    if (request.query.attributes) {
      const wanted = JSON.parse(request.query.attributes) as Record<string, unknown>;
      users = users.filter((u) => Object.entries(wanted).every(([k, v]) => u.attributes[k] === v || (this.looseSearch && typeof v === 'string' && String(u.attributes[k] ?? '').includes(v))));
    }
    if (request.query.email) users = users.filter((u) => u.email === request.query.email);
    if (request.query.username) users = users.filter((u) => u.username === request.query.username);
    const now = new Date().toISOString();
    // authentik's pagination: pages count from 1, `next`/`previous` are page numbers, 0 when there is none.
    const size = Number(request.query.page_size) || this.pageSize || Math.max(users.length, 1);
    const current = Number(request.query.page) || 1;
    const totalPages = Math.max(1, Math.ceil(users.length / size));
    const start = (current - 1) * size;
    const onPage = users.slice(start, start + size);
    return {
      status: 200,
      body: {
        pagination: {
          next: current < totalPages ? current + 1 : 0,
          previous: current > 1 ? current - 1 : 0,
          count: users.length,
          current,
          total_pages: totalPages,
          start_index: onPage.length ? start + 1 : 0,
          end_index: start + onPage.length,
        },
        results: onPage.map((u) => ({ ...u, is_active: true, last_login: null, date_joined: now, is_superuser: false, groups: [], groups_obj: [], roles: [], roles_obj: [], avatar: 'data:image/svg+xml;base64,', uid: `uid-${u.pk}`, path: 'users', type: 'internal', uuid: `00000000-0000-4000-8000-${String(u.pk).padStart(12, '0')}`, password_change_date: now, last_updated: now })),
        autocomplete: {},
      },
    };
  }

  /** authentik builds the link from the host the request came to, as the browser will reach it. */
  private recoveryLink(request: FakeRequest, pk: number): FakeReply {
    if (!this.users.has(pk)) return { status: 404, body: { detail: 'No User matches the given query.' } };
    const key = randomBytes(18).toString('base64url');
    const minutes = /minutes=(\d+)/.exec((request.body as { token_duration?: string } | undefined)?.token_duration ?? '')?.[1];
    this.recoveryTokens.set(key, { userPk: pk, expiresAt: Date.now() + Number(minutes ?? DEFAULT_LINK_MINUTES) * 60_000 });
    return { status: 200, body: { link: `http://${request.headers.host}/recovery/use-token/${key}/` } };
  }

  /** One use, then the token is gone (authentik deletes it when it signs the user in). */
  private useRecoveryToken(key: string): FakeReply {
    const token = this.recoveryTokens.get(key);
    this.recoveryTokens.delete(key);
    if (!token || token.expiresAt <= Date.now()) {
      return this.passkeyPage.message(404, 'This link no longer works', 'It was used already or it has expired. Ask at the kiosk for a new code.');
    }
    const sid = randomBytes(18).toString('base64url');
    this.sessions.set(sid, { userPk: token.userPk, flow: null });
    return { status: 302, headers: { location: '/if/user/', 'set-cookie': sessionCookie(SESSION_COOKIE, sid), 'content-type': 'text/html' }, body: '' };
  }

  private userInterface(request: FakeRequest): FakeReply {
    const enrollment = this.enrollmentFor(request);
    return enrollment ? this.passkeyPage.page(request, enrollment) : this.passkeyPage.message(401, 'You are not signed in', 'Scan the code at the kiosk again to sign in.');
  }

  /** The passkey page runs as the user the recovery link signed in; the device is named as authentik names one it has no model for. */
  private enrollmentFor(request: FakeRequest): Enrollment | null {
    const sid = request.cookies[SESSION_COOKIE] ?? '';
    const user = this.users.get(this.sessions.get(sid)?.userPk ?? -1);
    if (!user) return null;
    return {
      key: sid,
      user: { id: String(user.pk), username: user.username, displayName: user.name },
      register: (passkey) => {
        this.registrationsByCredentialId.set(passkey.credential.id, (this.registrationsByCredentialId.get(passkey.credential.id) ?? 0) + 1);
        this.addDevice(user.pk, 'webauthn', 'WebAuthn Device', true);
      },
    };
  }

  private async executor(request: FakeRequest, slug: string): Promise<FakeReply> {
    if (request.headers.authorization) return { status: 200, body: denied('The set-up flow must run in the attendee\'s session, not with an API token.') };
    const session = this.sessions.get(request.cookies[SESSION_COOKIE] ?? '');
    const stages = this.flows.get(slug);
    if (!session || !stages) return { status: 200, body: denied(!stages ? 'Flow does not exist.' : 'You are not signed in.') };
    const user = this.users.get(session.userPk) as User;
    if (!session.flow || session.flow.slug !== slug || request.method === 'GET') session.flow = { slug, stage: 0 };
    const flow = session.flow;
    const rp = relyingParty(request);
    if (request.method === 'POST') {
      const body = request.body as { component?: string; response?: Record<string, unknown> };
      const stage = stages[flow.stage];
      if (stage === 'webauthn') {
        const refused = await this.verify(flow, user, body.response ?? {}, rp);
        if (refused) return { status: 200, body: { ...(await this.challenge(flow, user, 'webauthn', rp)), response_errors: { response: [{ string: refused, code: 'invalid' }] } } };
      } else if (stage === 'static' && flow.pendingDevice !== undefined) {
        const device = this.devices.find((d) => d.pk === flow.pendingDevice);
        if (device) device.confirmed = true;
      }
      flow.stage += 1;
    }
    const next = stages[flow.stage];
    if (!next) {
      session.flow = null;
      return { status: 200, body: { component: 'xak-flow-redirect', flow_info: flowInfo, to: '/if/user/' } };
    }
    return { status: 200, body: await this.challenge(flow, user, next, rp) };
  }

  private async challenge(flow: FlowState, user: User, stage: Stage, rp: RelyingParty): Promise<Record<string, unknown>> {
    const common = { flow_info: flowInfo, pending_user: user.username, pending_user_avatar: 'data:image/svg+xml;base64,' };
    if (stage === 'webauthn') {
      const options = await generateRegistrationOptions({
        rpName: 'authentik',
        rpID: rp.id,
        userName: user.username,
        userDisplayName: user.name,
        userID: new TextEncoder().encode(String(user.pk)),
        attestationType: 'direct',
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      });
      flow.challenge = options.challenge;
      return { ...common, component: 'ak-stage-authenticator-webauthn', registration: options };
    }
    // authentik creates the static device (unconfirmed) when it shows the codes.
    flow.codes = Array.from({ length: 6 }, () => randomBytes(6).toString('hex'));
    flow.pendingDevice = this.addDevice(user.pk, 'static', 'Static Token', false, flow.codes).pk;
    return { ...common, component: 'ak-stage-authenticator-static', codes: flow.codes };
  }

  private async verify(flow: FlowState, user: User, response: Record<string, unknown>, rp: RelyingParty): Promise<string | null> {
    try {
      const result = await verifyRegistrationResponse({
        response: response as never,
        expectedChallenge: flow.challenge ?? '',
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
      });
      if (!result.verified) return 'Registration was not verified.';
      const id = result.registrationInfo.credential.id;
      this.registrationsByCredentialId.set(id, (this.registrationsByCredentialId.get(id) ?? 0) + 1);
      this.addDevice(user.pk, 'webauthn', 'Virtual Security Key', true);
      return null;
    } catch (error) {
      this.refusedRegistrations.push((error as Error).message);
      return (error as Error).message;
    }
  }

  private addDevice(userPk: number, kind: Stage, name: string, confirmed: boolean, tokens: string[] = []): Device {
    const device = { pk: this.nextPk++, kind, userPk, name, created: new Date().toISOString(), confirmed, tokens: [...tokens] };
    this.devices.push(device);
    return device;
  }

  private deleteDevice(kind: Stage, pk: number): FakeReply {
    const index = this.devices.findIndex((d) => d.kind === kind && d.pk === pk);
    if (index < 0) return { status: 404, body: { detail: `No ${kind === 'webauthn' ? 'WebAuthnDevice' : 'StaticDevice'} matches the given query.` } };
    this.devices.splice(index, 1);
    return { status: 204 };
  }
}

interface RelyingParty {
  id: string;
  origin: string;
}

/**
 * authentik's RP ID is the brand's WebAuthn RP config if it has one, else the host of the
 * request (authentik/stages/authenticator_webauthn/utils.py). Requests to 127.0.0.1 stand for
 * a brand configured as auth.example.test; a kiosk or browser at localhost gets localhost.
 */
function relyingParty(request: FakeRequest): RelyingParty {
  const host = request.headers.host ?? '';
  return host.startsWith('127.0.0.1') ? { id: AUTHENTIK_RP_ID, origin: AUTHENTIK_ORIGIN } : { id: host.replace(/:\d+$/, ''), origin: `http://${host}` };
}

function denied(message: string): Record<string, unknown> {
  return { component: 'ak-stage-access-denied', flow_info: flowInfo, pending_user: '', pending_user_avatar: '', error_message: message };
}

function deviceRep(device: Device): Record<string, unknown> {
  const model = device.kind === 'webauthn' ? 'webauthndevice' : 'staticdevice';
  return {
    verbose_name: device.kind === 'webauthn' ? 'WebAuthn Device' : 'Static Device',
    verbose_name_plural: device.kind === 'webauthn' ? 'WebAuthn Devices' : 'Static Devices',
    meta_model_name: `authentik_stages_authenticator_${device.kind}.${model}`,
    pk: String(device.pk),
    name: device.name,
    type: `authentik_stages_authenticator_${device.kind}.${model}`,
    confirmed: device.confirmed,
    created: device.created,
    last_updated: device.created,
    last_used: null,
    extra_description: null,
    external_id: null,
  };
}
