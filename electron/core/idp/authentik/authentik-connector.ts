import { randomUUID } from 'node:crypto';
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import type { Clock } from '../../ports/clock';
import type { SecretStore } from '../../ports/secret-store';
import { StoredApiToken } from '../http/client-credentials-token';
import { IdpHttpClient, type IdpHttpClientOptions } from '../http/idp-http-client';
import { readAllPages } from '../http/pages';
import { issuesText } from '../../contract/zod-details';
import type { AuthentikIdpConfig } from '../idp-config-schema';
import type {
  CallOptions,
  FinishOptions,
  IdpAuthenticator,
  IdpCapabilities,
  IdpConnector,
  IdpHealth,
  IdpUser,
  KeyRegistrationHandle,
  KeyRegistrationStart,
  PasskeyLink,
  RecoveryCodes,
  UserQuery,
} from '../idp-connector';
import { message } from '../../../../shared/contract/messages';
import { IdpError, saysOf } from '../idp-error';
import type { KeyFacts, KeyVerdict } from '../key-preflight';
import { theOneMatch } from '../user-search';
import { evaluateAuthentikStage, readWebauthnStage } from './authentik-key-policy';
import { AuthentikFlowSession, responseErrors } from './authentik-flow';
import { deviceListSchema, linkSchema, paginatedUsersSchema, registrationOptionsSchema, type AuthentikDevice, type AuthentikUser, type Challenge } from './authentik-schemas';

const WEBAUTHN_STAGE = 'ak-stage-authenticator-webauthn';
const STATIC_STAGE = 'ak-stage-authenticator-static';

const handleSchema = z.object({
  idp: z.literal('authentik'),
  userPk: z.number().int(),
  flowSlug: z.string(),
  session: z.string(),
  knownDevices: z.array(z.string()),
});

/**
 * authentik through API v3. It cannot import credentials or chosen codes, so the backup key
 * and the recovery codes go through authentik's own setup flow, driven by the kiosk (see
 * authentik-flow.ts). The flow session lives in memory only: a registration cannot be
 * finished after a restart (declared: offlineKeyRegistration false), and a retry first looks
 * for the device the earlier attempt created.
 */
export class AuthentikConnector implements IdpConnector {
  readonly kind = 'authentik' as const;
  readonly training = false;
  readonly label: string;
  readonly capabilities: IdpCapabilities = {
    findBy: ['badgeId', 'email', 'username'],
    platformPasskeyLink: 'recoveryLink',
    backupKey: 'flowExecutor',
    recoveryCodes: 'idpIssued',
    offlineKeyRegistration: false,
  };
  readonly recoveryCodes: RecoveryCodes;
  private readonly http: IdpHttpClient;
  private readonly now: () => Date;
  private readonly sessions = new Map<string, AuthentikFlowSession>();
  /** Codes the key flow offered right after the key, kept in memory until printed. */
  private readonly pendingCodes = new Map<number, { session: AuthentikFlowSession; flowSlug: string; codes: string[] }>();

  constructor(
    private readonly config: AuthentikIdpConfig,
    ports: { secrets: SecretStore; clock: Clock; onRequestDone?: IdpHttpClientOptions['onRequestDone'] },
  ) {
    this.label = config.label ?? 'authentik';
    this.now = () => ports.clock.now();
    this.http = new IdpHttpClient({ idpLabel: 'authentik', baseUrl: config.baseUrl, timeoutMs: config.timeoutMs, tokens: new StoredApiToken(ports.secrets, config.apiTokenRef), now: this.now, onRequestDone: ports.onRequestDone });
    this.recoveryCodes = { mode: 'idpIssued', issue: (user) => this.issueRecoveryCodes(user) };
  }

  async findUser(query: UserQuery): Promise<IdpUser | null> {
    let params: Record<string, string>;
    if (query.badgeId) params = { attributes: JSON.stringify({ [this.config.badgeAttribute]: query.badgeId }) };
    else if (query.email) params = { email: query.email };
    else if (query.username) params = { username: query.username };
    else throw new IdpError('permanent', message('idp.noSearchKey', { idp: 'authentik' }));
    const what = 'looking up the user';
    let total: number | null = null;
    const found = await readAllPages(
      { idpLabel: 'authentik', what },
      async (page: number | null) => {
        const { data } = await this.http.json({ method: 'GET', path: '/api/v3/core/users/', query: { ...params, page: page === null ? undefined : String(page) }, what }, paginatedUsersSchema);
        total ??= data.pagination.count;
        // authentik's `next` is the next page's number, 0 after the last.
        return { items: data.results, next: data.pagination.next > 0 ? data.pagination.next : null };
      },
    );
    return theOneMatch('authentik', query, found.map((user) => this.toUser(user)), total);
  }

  async platformPasskeyLink(user: IdpUser): Promise<PasskeyLink> {
    const minutes = this.config.recoveryLinkMinutes;
    const { data } = await this.http.json(
      { method: 'POST', path: `/api/v3/core/users/${pkOf(user)}/recovery/`, json: { token_duration: `minutes=${minutes}` }, what: 'creating the passkey set-up link' },
      linkSchema,
    );
    return {
      kind: 'recoveryLink',
      url: data.link,
      expiresAt: new Date(this.now().getTime() + minutes * 60_000).toISOString(),
      code: null,
    };
  }

  /**
   * Confirmed devices only: one authentik has not confirmed signs nobody in. Its static-token
   * stage can leave one behind, shown right after the key but never answered.
   */
  async listAuthenticators(user: IdpUser): Promise<IdpAuthenticator[]> {
    return (await this.devices(pkOf(user))).filter((d) => d.confirmed).map(toAuthenticator);
  }

  async preflightKey(_user: IdpUser, key: KeyFacts): Promise<KeyVerdict> {
    return evaluateAuthentikStage(await readWebauthnStage(this.http, this.config.keyFlowSlug, WEBAUTHN_STAGE), key, this.label);
  }

  async beginKeyRegistration(user: IdpUser): Promise<KeyRegistrationStart> {
    const userPk = pkOf(user);
    const knownDevices = (await this.devices(userPk)).map(deviceId);
    const session = await AuthentikFlowSession.signIn(this.http, userPk, this.config.recoveryLinkMinutes);
    const flowSlug = this.config.keyFlowSlug;
    const challenge = this.walkTo(flowSlug, WEBAUTHN_STAGE, await session.start(flowSlug));
    const parsed = registrationOptionsSchema.safeParse(challenge.registration);
    if (!parsed.success) throw new IdpError('permanent', message('idp.notUnderstood', { idp: 'authentik', problem: issuesText(parsed.error.issues) }));
    const ref = randomUUID();
    this.sessions.set(ref, session);
    return {
      options: parsed.data as unknown as PublicKeyCredentialCreationOptionsJSON,
      origin: this.config.webauthnOrigin,
      handle: { idp: 'authentik', userPk, flowSlug, session: ref, knownDevices },
      expiresAt: null,
    };
  }

  async finishKeyRegistration(handle: KeyRegistrationHandle, response: RegistrationResponseJSON, options: FinishOptions): Promise<{ authenticatorId: string }> {
    const h = parseHandle(handle);
    const already = await this.wasKeyRegistrationApplied(handle, response, options);
    if (already) return already;
    const session = this.sessions.get(h.session);
    if (!session) throw new IdpError('permanent', message('idp.setupSessionEnded', { idp: 'authentik' }));
    const next = await session.solve(h.flowSlug, { component: WEBAUTHN_STAGE, response }, 'registering the backup key', options.signal);
    if (next.component === WEBAUTHN_STAGE) {
      const said = responseErrors(next) ?? 'no reason given';
      throw new IdpError('permanent', message('idp.keyRefused', { idp: 'authentik' }), { idpMessage: said });
    }
    this.sessions.delete(h.session);
    if (next.component === STATIC_STAGE && next.codes) this.pendingCodes.set(h.userPk, { session, flowSlug: h.flowSlug, codes: next.codes });
    const created = await this.wasKeyRegistrationApplied(handle, response, options);
    if (!created) throw new IdpError('permanent', message('idp.keyNotListed', { idp: 'authentik' }));
    return created;
  }

  async wasKeyRegistrationApplied(handle: KeyRegistrationHandle, _response?: RegistrationResponseJSON, options: CallOptions = {}): Promise<{ authenticatorId: string } | null> {
    const h = parseHandle(handle);
    const fresh = (await this.devices(h.userPk, options.signal)).filter((d) => isWebauthn(d) && !h.knownDevices.includes(deviceId(d)));
    return fresh[0] ? { authenticatorId: deviceId(fresh[0]) } : null;
  }

  async revokeAuthenticator(_user: IdpUser, authenticatorId: string, options: CallOptions = {}): Promise<void> {
    const [kind, pk] = authenticatorId.split(':');
    if (!kind || !pk || !/^[a-z]+$/.test(kind) || !/^\d+$/.test(pk)) throw new IdpError('permanent', message('idp.badId', { idp: 'authentik', id: authenticatorId }));
    try {
      await this.http.empty({ method: 'DELETE', path: `/api/v3/authenticators/admin/${kind}/${pk}/`, what: 'removing the device', signal: options.signal });
    } catch (error) {
      if (error instanceof IdpError && error.status === 404) return;
      throw error;
    }
  }

  async health(): Promise<IdpHealth> {
    const started = performance.now();
    try {
      await this.http.json({ method: 'GET', path: '/api/v3/core/users/', query: { page_size: '1' }, what: 'checking the connection' }, paginatedUsersSchema);
      return { ok: true, latencyMs: Math.round(performance.now() - started), says: message('idp.connectedAuthentik', { host: new URL(this.config.baseUrl).host }) };
    } catch (error) {
      return { ok: false, latencyMs: Math.round(performance.now() - started), says: saysOf(error) };
    }
  }

  private async issueRecoveryCodes(user: IdpUser): Promise<{ codes: string[]; authenticatorId: string }> {
    const userPk = pkOf(user);
    // Confirmed before: the stage's own device may already exist, unconfirmed, since the key flow showed it.
    const known = (await this.devices(userPk)).filter((d) => d.confirmed).map(deviceId);
    let pending = this.pendingCodes.get(userPk);
    this.pendingCodes.delete(userPk);
    if (!pending) {
      const flowSlug = this.config.recoveryCodesFlowSlug ?? this.config.keyFlowSlug;
      const session = await AuthentikFlowSession.signIn(this.http, userPk, this.config.recoveryLinkMinutes);
      const challenge = this.walkTo(flowSlug, STATIC_STAGE, await session.start(flowSlug));
      pending = { session, flowSlug, codes: challenge.codes ?? [] };
    }
    if (pending.codes.length === 0) throw new IdpError('permanent', message('idp.noCodesOffered', { idp: 'authentik' }));
    await pending.session.solve(pending.flowSlug, { component: STATIC_STAGE }, 'confirming the recovery codes');
    const device = (await this.devices(userPk)).find((d) => isStatic(d) && d.confirmed && !known.includes(deviceId(d)));
    if (!device) throw new IdpError('permanent', message('idp.codesNotListed', { idp: 'authentik' }));
    return { codes: pending.codes, authenticatorId: deviceId(device) };
  }

  /** The kiosk answers only the set-up stages; a flow that asks for more is a setup error. */
  private walkTo(flowSlug: string, wanted: string, challenge: Challenge): Challenge {
    if (challenge.component === wanted) return challenge;
    if (challenge.component === 'xak-flow-redirect') {
      throw new IdpError('permanent', message('idp.flowMissingStage', { idp: 'authentik', flow: flowSlug, stage: wanted }));
    }
    throw new IdpError('permanent', message('idp.flowUnexpectedStage', { idp: 'authentik', flow: flowSlug, stage: challenge.component }));
  }

  /** admin/all is not paged: it answers one array of every device of the user (schema.yml, DeviceSerializer many). */
  private async devices(userPk: number, signal?: AbortSignal): Promise<AuthentikDevice[]> {
    return (await this.http.json({ method: 'GET', path: '/api/v3/authenticators/admin/all/', query: { user: String(userPk) }, what: "listing the user's devices", signal }, deviceListSchema)).data;
  }

  private toUser(user: AuthentikUser): IdpUser {
    const badge = user.attributes?.[this.config.badgeAttribute];
    return { id: String(user.pk), displayName: user.name || user.username, username: user.username, email: user.email || null, badgeId: typeof badge === 'string' ? badge : null };
  }
}

function pkOf(user: IdpUser): number {
  if (!/^\d+$/.test(user.id)) throw new IdpError('permanent', message('idp.badId', { idp: 'authentik', id: user.id }));
  return Number(user.id);
}

function parseHandle(handle: KeyRegistrationHandle): z.infer<typeof handleSchema> {
  const parsed = handleSchema.safeParse(handle);
  if (!parsed.success) throw new IdpError('permanent', message('idp.registrationDamaged'));
  return parsed.data;
}

/** "webauthn:12": the kind picks the admin endpoint that deletes it. */
function deviceId(device: AuthentikDevice): string {
  const model = device.meta_model_name.split('.').pop() ?? '';
  return `${model.replace(/device$/, '')}:${device.pk}`;
}

function isWebauthn(device: AuthentikDevice): boolean {
  return device.meta_model_name.endsWith('webauthndevice');
}

function isStatic(device: AuthentikDevice): boolean {
  return device.meta_model_name.endsWith('staticdevice');
}

function toAuthenticator(device: AuthentikDevice): IdpAuthenticator {
  let type: IdpAuthenticator['type'] = 'other';
  if (isWebauthn(device)) type = /yubikey|security key|titan|feitian|token2|solo|nitrokey/i.test(device.name) ? 'securityKey' : 'passkey';
  else if (isStatic(device)) type = 'recoveryCodes';
  return { id: deviceId(device), type, name: device.name, createdAt: device.created ?? null, aaguid: null };
}
