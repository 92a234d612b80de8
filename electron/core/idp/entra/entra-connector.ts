import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import type { Clock } from '../../ports/clock';
import type { SecretStore } from '../../ports/secret-store';
import { ClientCredentialsToken } from '../http/client-credentials-token';
import { IdpHttpClient, type IdpHttpClientOptions, type IdpRequest } from '../http/idp-http-client';
import { readAllPages } from '../http/pages';
import { hasTag, nameWithTag } from '../idempotency-tag';
import type { EntraIdpConfig } from '../idp-config-schema';
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
import { checkClientData } from '../webauthn/client-data-check';
import { evaluateEntraPolicy, readEntraPolicy } from './entra-key-policy';
import { creationOptionsSchema, fido2MethodListSchema, graphUserListSchema, temporaryAccessPassSchema, type CreationOptions, type Fido2Method, type GraphUser } from './entra-schemas';

const GRAPH_LABEL = 'Microsoft Entra ID';

/** A page of a Graph collection, as entra-schemas.ts reads it. */
interface GraphPage<T> {
  value: T[];
  '@odata.nextLink'?: string | undefined;
  '@odata.count'?: number | undefined;
}

/** The origin Entra expects in clientDataJSON for on-behalf registration. */
export const ENTRA_ORIGIN = 'https://login.microsoftonline.com';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
/** Entra's clock and the kiosk's may differ; only a challenge this far past its expiry is refused locally. */
const CLOCK_SKEW_MS = 2 * 60_000;

const handleSchema = z.object({
  idp: z.literal('entra'),
  userId: z.string().min(1),
  challenge: z.string().min(1),
  expiresAt: z.string(),
});

/**
 * Microsoft Entra ID through Microsoft Graph: users by the badge property or UPN, a Temporary
 * Access Pass for the platform passkey (mysecurityinfo), creation options → the key service →
 * POST fido2Methods for the backup key. Graph does not show credential ids, so the name of a
 * registered key carries the idempotency tag that lets a retry find it.
 */
export class EntraConnector implements IdpConnector {
  readonly kind = 'entra' as const;
  readonly training = false;
  readonly label: string;
  readonly capabilities: IdpCapabilities;
  readonly recoveryCodes: RecoveryCodes = { mode: 'unsupported', reason: message('idp.noRecoveryCodesEntra', { idp: GRAPH_LABEL }) };
  private readonly graph: IdpHttpClient;
  private readonly now: () => Date;

  constructor(
    private readonly config: EntraIdpConfig,
    ports: { secrets: SecretStore; clock: Clock; onRequestDone?: IdpHttpClientOptions['onRequestDone'] },
  ) {
    this.label = config.label ?? 'Microsoft Entra ID';
    this.now = () => ports.clock.now();
    this.capabilities = {
      findBy: ['badgeId', 'email', 'username'],
      platformPasskeyLink: 'temporaryAccessPass',
      backupKey: 'onBehalf',
      recoveryCodes: 'unsupported',
      offlineKeyRegistration: config.offlineChallengeTimeoutMinutes !== undefined,
    };
    const tokens = new ClientCredentialsToken({
      http: new IdpHttpClient({ idpLabel: 'Microsoft Entra ID', baseUrl: config.authorityUrl, timeoutMs: config.timeoutMs, now: this.now, onRequestDone: ports.onRequestDone }),
      tokenPath: `/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`,
      clientId: config.clientId,
      clientSecretRef: config.clientSecretRef,
      secrets: ports.secrets,
      scope: GRAPH_SCOPE,
      now: this.now,
    });
    this.graph = new IdpHttpClient({ idpLabel: 'Microsoft Entra ID', baseUrl: config.graphUrl, timeoutMs: config.timeoutMs, tokens, now: this.now, onRequestDone: ports.onRequestDone });
  }

  async findUser(query: UserQuery): Promise<IdpUser | null> {
    let filter: string;
    if (query.badgeId) filter = `${this.config.badgeAttribute} eq '${odataString(query.badgeId)}'`;
    else if (query.email) filter = `mail eq '${odataString(query.email)}'`;
    else if (query.username) filter = `userPrincipalName eq '${odataString(query.username)}'`;
    else throw new IdpError('permanent', message('idp.noSearchKey', { idp: this.label }));
    // Filters on employeeId and extension properties are "advanced queries" in Graph.
    const { items, total } = await this.collection<GraphUser>(
      {
        method: 'GET',
        path: '/v1.0/users',
        query: { $filter: filter, $count: 'true', $select: `id,displayName,userPrincipalName,mail,${this.config.badgeAttribute}` },
        headers: { ConsistencyLevel: 'eventual' },
        what: 'looking up the user',
      },
      graphUserListSchema,
    );
    return theOneMatch(GRAPH_LABEL, query, items.map((user) => this.toUser(user)), total);
  }

  async platformPasskeyLink(user: IdpUser): Promise<PasskeyLink> {
    const { data } = await this.graph.json(
      {
        method: 'POST',
        path: `${this.userPath(user.id)}/authentication/temporaryAccessPassMethods`,
        json: { lifetimeInMinutes: this.config.tapLifetimeMinutes, isUsableOnce: true },
        what: 'creating a Temporary Access Pass',
      },
      temporaryAccessPassSchema,
    );
    const start = Date.parse(data.startDateTime ?? data.createdDateTime ?? '') || this.now().getTime();
    return {
      kind: 'temporaryAccessPass',
      url: this.config.mySecurityInfoUrl,
      expiresAt: new Date(start + data.lifetimeInMinutes * 60_000).toISOString(),
      code: data.temporaryAccessPass,
    };
  }

  async listAuthenticators(user: IdpUser): Promise<IdpAuthenticator[]> {
    return (await this.methods(user.id)).map(toAuthenticator);
  }

  async preflightKey(user: IdpUser, key: KeyFacts): Promise<KeyVerdict> {
    const { policy, memberOf } = await readEntraPolicy(this.graph, user.id);
    return evaluateEntraPolicy(policy, memberOf, key, this.label);
  }

  async beginKeyRegistration(user: IdpUser): Promise<KeyRegistrationStart> {
    const minutes = this.config.offlineChallengeTimeoutMinutes;
    const path = minutes === undefined
      ? `${this.userPath(user.id)}/authentication/fido2Methods/creationOptions`
      : `/beta/users/${encodeURIComponent(user.id)}/authentication/fido2Methods/creationOptions(challengeTimeoutInMinutes=${minutes})`;
    const { data } = await this.graph.json({ method: 'GET', path, what: 'asking for key registration options' }, creationOptionsSchema);
    const options = toCreationOptionsJson(data);
    return {
      options,
      origin: ENTRA_ORIGIN,
      handle: { idp: 'entra', userId: user.id, challenge: options.challenge, expiresAt: data.challengeTimeoutDateTime },
      expiresAt: data.challengeTimeoutDateTime,
    };
  }

  async finishKeyRegistration(handle: KeyRegistrationHandle, response: RegistrationResponseJSON, options: FinishOptions): Promise<{ authenticatorId: string }> {
    const { userId, challenge } = parseHandle(handle);
    checkClientData(response, { origin: ENTRA_ORIGIN, challenge }, 'Microsoft Entra ID');
    const already = await this.wasKeyRegistrationApplied(handle, response, options);
    if (already) return already;
    this.checkNotExpired(parseHandle(handle).expiresAt);
    const { data } = await this.graph.json(
      {
        method: 'POST',
        path: `${this.userPath(userId)}/authentication/fido2Methods`,
        json: {
          displayName: nameWithTag(options.displayName, options.idempotencyKey),
          publicKeyCredential: {
            id: response.id,
            response: { clientDataJSON: response.response.clientDataJSON, attestationObject: response.response.attestationObject },
            clientExtensionResults: response.clientExtensionResults ?? {},
          },
        },
        what: 'registering the backup key',
        signal: options.signal,
      },
      fido2MethodListSchema.shape.value.element,
    );
    return { authenticatorId: data.id };
  }

  async wasKeyRegistrationApplied(handle: KeyRegistrationHandle, _response: RegistrationResponseJSON, options: FinishOptions): Promise<{ authenticatorId: string } | null> {
    const { userId } = parseHandle(handle);
    // Every page: a retried registration that landed may be anywhere in a long list.
    const match = (await this.methods(userId, options.signal)).find((method) => hasTag(method.displayName, options.idempotencyKey));
    return match ? { authenticatorId: match.id } : null;
  }

  async revokeAuthenticator(user: IdpUser, authenticatorId: string, options: CallOptions = {}): Promise<void> {
    try {
      await this.graph.empty({ method: 'DELETE', path: `${this.userPath(user.id)}/authentication/fido2Methods/${encodeURIComponent(authenticatorId)}`, what: 'removing the passkey', signal: options.signal });
    } catch (error) {
      if (error instanceof IdpError && error.status === 404) return;
      throw error;
    }
  }

  async health(): Promise<IdpHealth> {
    const started = performance.now();
    try {
      await this.graph.json({ method: 'GET', path: '/v1.0/users', query: { $top: '1', $select: 'id' }, what: 'checking the connection' }, graphUserListSchema);
      return { ok: true, latencyMs: Math.round(performance.now() - started), says: message('idp.connectedGraph', { tenant: this.config.tenantId }) };
    } catch (error) {
      return { ok: false, latencyMs: Math.round(performance.now() - started), says: saysOf(error) };
    }
  }

  /**
   * A registration queued offline longer than its challenge lives would only earn a 400 from
   * Graph; say what happened and what to do instead (an earlier attempt that landed was found above).
   */
  private checkNotExpired(expiresAt: string): void {
    const expiry = Date.parse(expiresAt);
    if (Number.isNaN(expiry) || this.now().getTime() <= expiry + CLOCK_SKEW_MS) return;
    const expiredAt = new Date(expiry).toISOString().slice(0, 16).replace('T', ' ');
    throw new IdpError(
      'permanent',
      this.config.offlineChallengeTimeoutMinutes === undefined
        ? message('idp.challengeExpiredQueuedWaitLonger', { idp: this.label, expiredAt, setting: 'idp.offlineChallengeTimeoutMinutes' })
        : message('idp.challengeExpiredQueued', { idp: this.label, expiredAt }),
    );
  }

  private async methods(userId: string, signal?: AbortSignal): Promise<Fido2Method[]> {
    const { items } = await this.collection<Fido2Method>(
      { method: 'GET', path: `${this.userPath(userId)}/authentication/fido2Methods`, what: "listing the user's passkeys", signal },
      fido2MethodListSchema,
    );
    return items;
  }

  /**
   * Every item of a Graph collection, following @odata.nextLink page by page, and the total
   * Graph reported (with $count=true). A next link is followed with the kiosk's token, so it
   * must stay on the configured Graph address.
   */
  private async collection<T>(request: IdpRequest, schema: z.ZodType<GraphPage<T>>): Promise<{ items: T[]; total: number | null }> {
    let total: number | null = null;
    const items = await readAllPages({ idpLabel: GRAPH_LABEL, what: request.what }, async (next: string | null) => {
      const page = next === null ? request : { method: 'GET' as const, path: next, headers: request.headers, what: request.what, signal: request.signal };
      const { data } = await this.graph.json(page, schema);
      total ??= data['@odata.count'] ?? null;
      const link = data['@odata.nextLink'];
      if (link === undefined) return { items: data.value, next: null };
      const path = this.graph.pathOf(link);
      if (path === null) {
        throw new IdpError('permanent', message('idp.nextLinkElsewhere', { idp: this.label, address: this.graph.baseUrl }), { during: request.what });
      }
      return { items: data.value, next: path };
    });
    return { items, total };
  }

  private userPath(userId: string): string {
    return `/v1.0/users/${encodeURIComponent(userId)}`;
  }

  private toUser(user: GraphUser): IdpUser {
    const badge = user[this.config.badgeAttribute];
    return {
      id: user.id,
      displayName: user.displayName ?? user.userPrincipalName ?? user.id,
      username: user.userPrincipalName ?? null,
      email: user.mail ?? null,
      badgeId: typeof badge === 'string' ? badge : null,
    };
  }
}

function parseHandle(handle: KeyRegistrationHandle): z.infer<typeof handleSchema> {
  const parsed = handleSchema.safeParse(handle);
  if (!parsed.success) throw new IdpError('permanent', message('idp.registrationDamaged'));
  return parsed.data;
}

/** OData string literals double their single quotes. */
function odataString(value: string): string {
  return value.replace(/'/g, "''");
}

/** Graph's options use nulls for "not set"; WebAuthn JSON omits them. */
function toCreationOptionsJson(data: CreationOptions): PublicKeyCredentialCreationOptionsJSON {
  const pk = data.publicKey;
  const selection = pk.authenticatorSelection;
  const options: PublicKeyCredentialCreationOptionsJSON = {
    challenge: pk.challenge,
    rp: pk.rp,
    user: pk.user,
    pubKeyCredParams: pk.pubKeyCredParams,
    excludeCredentials: (pk.excludeCredentials ?? []).map((c) => ({ id: c.id, type: c.type, ...(c.transports ? { transports: c.transports as AuthenticatorTransport[] } : {}) })),
  };
  if (pk.timeout) options.timeout = pk.timeout;
  if (pk.attestation) options.attestation = pk.attestation as AttestationConveyancePreference;
  if (selection) {
    options.authenticatorSelection = {
      ...(selection.authenticatorAttachment ? { authenticatorAttachment: selection.authenticatorAttachment as AuthenticatorAttachment } : {}),
      ...(selection.requireResidentKey !== null && selection.requireResidentKey !== undefined ? { requireResidentKey: selection.requireResidentKey } : {}),
      ...(selection.residentKey ? { residentKey: selection.residentKey as ResidentKeyRequirement } : {}),
      ...(selection.userVerification ? { userVerification: selection.userVerification as UserVerificationRequirement } : {}),
    };
  }
  if (pk.extensions) options.extensions = pk.extensions as AuthenticationExtensionsClientInputs;
  return options;
}

function toAuthenticator(method: Fido2Method): IdpAuthenticator {
  const model = method.model ?? '';
  const platform = method.passkeyType === 'synced' || /authenticator|hello|iphone|ipad|android|icloud|google|mac/i.test(model);
  return {
    id: method.id,
    type: platform ? 'passkey' : 'securityKey',
    name: method.displayName ?? (model || 'Passkey'),
    createdAt: method.createdDateTime ?? null,
    aaguid: method.aaGuid ?? null,
    model: model || null,
  };
}
