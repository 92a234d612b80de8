import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Clock } from '../../ports/clock';
import type { SecretStore } from '../../ports/secret-store';
import { ClientCredentialsToken } from '../http/client-credentials-token';
import { IdpHttpClient, type IdpHttpClientOptions } from '../http/idp-http-client';
import { readAllPages } from '../http/pages';
import { hasTag, nameWithTag } from '../idempotency-tag';
import type { KeycloakIdpConfig } from '../idp-config-schema';
import type {
  CallOptions,
  FinishOptions,
  HashedRecoveryCode,
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
import { issueLocalChallenge, localChallengeHandleSchema, verifyLocalRegistration } from '../webauthn/local-registration';
import { evaluateKeycloakPolicy, realmAlgorithms, realmPasswordlessPolicySchema, type RealmPasswordlessPolicy } from './keycloak-key-policy';
import { buildWebauthnCredentialData, credentialIdToStandardBase64 } from './keycloak-credential-data';
import { keycloakCountSchema, keycloakCredentialsSchema, keycloakUserSchema, keycloakUsersSchema, type KeycloakCredential, type KeycloakUser } from './keycloak-schemas';

const PASSWORDLESS = 'webauthn-passwordless';
const RECOVERY = 'recovery-authn-codes';
const PASSKEY_ACTION = 'webauthn-register-passwordless';
/**
 * Users per page of a search. Keycloak returns at most `max` (100 when it is not given) and
 * says nothing about more, so a page this full means there may be another one.
 */
const SEARCH_PAGE_SIZE = 100;

/**
 * Keycloak through its admin REST API (paths /admin/realms/{realm}/...). The backup key is
 * registered against a kiosk-issued challenge asking for the realm's passwordless signature
 * algorithms (keycloak-key-policy.ts, also the pre-flight), verified locally and imported as a
 * `webauthn-passwordless` credential through PUT /users/{id} with `credentials[]` (the only
 * admin operation that accepts a CredentialRepresentation); recovery codes are imported the
 * same way as `recovery-authn-codes` with hashes only.
 */
export class KeycloakConnector implements IdpConnector {
  readonly kind = 'keycloak' as const;
  readonly training = false;
  readonly label: string;
  readonly capabilities: IdpCapabilities = {
    findBy: ['badgeId', 'email', 'username'],
    platformPasskeyLink: 'requiredAction',
    backupKey: 'kioskChallenge',
    recoveryCodes: 'kioskIssuedHashed',
    offlineKeyRegistration: true,
  };
  readonly recoveryCodes: RecoveryCodes;
  private readonly http: IdpHttpClient;
  private readonly realmPath: string;
  private readonly now: () => Date;

  constructor(
    private readonly config: KeycloakIdpConfig,
    ports: { secrets: SecretStore; clock: Clock; onRequestDone?: IdpHttpClientOptions['onRequestDone'] },
  ) {
    this.label = config.label ?? `Keycloak (${config.realm})`;
    const now = () => ports.clock.now();
    const tokenHttp = new IdpHttpClient({ idpLabel: 'Keycloak', baseUrl: config.baseUrl, timeoutMs: config.timeoutMs, now, onRequestDone: ports.onRequestDone });
    const tokens = new ClientCredentialsToken({
      http: tokenHttp,
      tokenPath: `/realms/${encodeURIComponent(config.realm)}/protocol/openid-connect/token`,
      clientId: config.clientId,
      clientSecretRef: config.clientSecretRef,
      secrets: ports.secrets,
      now,
    });
    this.http = new IdpHttpClient({ idpLabel: 'Keycloak', baseUrl: config.baseUrl, timeoutMs: config.timeoutMs, tokens, now, onRequestDone: ports.onRequestDone });
    this.realmPath = `/admin/realms/${encodeURIComponent(config.realm)}`;
    this.now = now;
    this.recoveryCodes = {
      mode: 'kioskIssuedHashed',
      codeCount: config.recoveryCodeCount,
      store: (user, hashes, options) => this.storeRecoveryCodeHashes(user, hashes, options.idempotencyKey, options.signal),
    };
  }

  async findUser(query: UserQuery): Promise<IdpUser | null> {
    const params: Record<string, string> = { exact: 'true', briefRepresentation: 'false' };
    if (query.badgeId) params.q = `${this.config.badgeAttribute}:${query.badgeId}`;
    else if (query.email) params.email = query.email;
    else if (query.username) params.username = query.username;
    else throw new IdpError('permanent', message('idp.noSearchKey', { idp: this.label }));
    const what = 'looking up the user';
    const found = await readAllPages(
      { idpLabel: 'Keycloak', what },
      async (first: number | null) => {
        const offset = first ?? 0;
        const page = { ...params, first: String(offset), max: String(SEARCH_PAGE_SIZE) };
        const { data } = await this.http.json({ method: 'GET', path: `${this.realmPath}/users`, query: page, what }, keycloakUsersSchema);
        return { items: data, next: data.length < SEARCH_PAGE_SIZE ? null : offset + data.length };
      },
    );
    return theOneMatch('Keycloak', query, found.map((rep) => this.toUser(rep, query.badgeId)), null);
  }

  async platformPasskeyLink(user: IdpUser): Promise<PasskeyLink> {
    const rep = await this.getUser(user.id);
    const actions = new Set(rep.requiredActions ?? []);
    actions.add(PASSKEY_ACTION);
    await this.http.empty({ method: 'PUT', path: this.userPath(user.id), json: { ...rep, requiredActions: [...actions] }, what: 'asking for a passkey at the next sign-in' });
    const lifespan = this.config.passkeyAction.lifespanSeconds;
    const query: Record<string, string | undefined> = {
      lifespan: String(lifespan),
      client_id: this.config.passkeyAction.clientId,
      redirect_uri: this.config.passkeyAction.redirectUri,
    };
    await this.http.empty({ method: 'PUT', path: `${this.userPath(user.id)}/execute-actions-email`, query, json: [PASSKEY_ACTION], what: 'sending the passkey set-up email' });
    return {
      kind: 'requiredAction',
      url: `${this.http.baseUrl}/realms/${encodeURIComponent(this.config.realm)}/account`,
      expiresAt: new Date(this.now().getTime() + lifespan * 1000).toISOString(),
      code: null,
    };
  }

  async listAuthenticators(user: IdpUser): Promise<IdpAuthenticator[]> {
    return (await this.credentials(user.id)).map(toAuthenticator);
  }

  async preflightKey(_user: IdpUser, key: KeyFacts): Promise<KeyVerdict> {
    return evaluateKeycloakPolicy(await this.passwordlessPolicy(), key, this.label);
  }

  async beginKeyRegistration(user: IdpUser): Promise<KeyRegistrationStart> {
    const existing = (await this.credentials(user.id))
      .filter((credential) => credential.type === PASSWORDLESS)
      .map((credential) => parseCredentialData(credential)?.credentialId)
      .filter((id): id is string => typeof id === 'string')
      .map((id) => Buffer.from(id, 'base64').toString('base64url'));
    const algorithms = realmAlgorithms(await this.passwordlessPolicy());
    const { options, handle } = await issueLocalChallenge(this.config.webauthn, { id: user.id, username: user.username ?? user.id, displayName: user.displayName }, existing, this.now(), algorithms);
    return { options, origin: this.config.webauthn.origin, handle: { idp: 'keycloak', ...handle }, expiresAt: handle.expiresAt };
  }

  async finishKeyRegistration(handle: KeyRegistrationHandle, response: RegistrationResponseJSON, options: FinishOptions): Promise<{ authenticatorId: string }> {
    const local = parseHandle(handle);
    const info = await verifyLocalRegistration(local, response, 'Keycloak');
    const already = await this.wasKeyRegistrationApplied(handle, response, options);
    if (already) return already;
    const credentialData = buildWebauthnCredentialData(info, response);
    await this.importCredentials(local.userId, [
      { type: PASSWORDLESS, userLabel: nameWithTag(options.displayName, options.idempotencyKey), credentialData: JSON.stringify(credentialData), secretData: '{}' },
    ], 'importing the backup key', options.signal);
    const stored = await this.wasKeyRegistrationApplied(handle, response, options);
    if (!stored) {
      throw new IdpError('permanent', message('idp.keyNotListed', { idp: this.label }));
    }
    return stored;
  }

  async wasKeyRegistrationApplied(handle: KeyRegistrationHandle, response: RegistrationResponseJSON, options: CallOptions = {}): Promise<{ authenticatorId: string } | null> {
    const { userId } = parseHandle(handle);
    const wanted = credentialIdToStandardBase64(response.id);
    const match = (await this.credentials(userId, options.signal)).find((credential) => credential.type === PASSWORDLESS && parseCredentialData(credential)?.credentialId === wanted);
    return match ? { authenticatorId: match.id } : null;
  }

  async revokeAuthenticator(user: IdpUser, authenticatorId: string, options: CallOptions = {}): Promise<void> {
    try {
      await this.http.empty({ method: 'DELETE', path: `${this.userPath(user.id)}/credentials/${encodeURIComponent(authenticatorId)}`, what: 'removing the authenticator', signal: options.signal });
    } catch (error) {
      if (error instanceof IdpError && error.status === 404) return;
      throw error;
    }
  }

  async health(): Promise<IdpHealth> {
    const started = performance.now();
    try {
      const { data } = await this.http.json({ method: 'GET', path: `${this.realmPath}/users/count`, what: 'checking the connection' }, keycloakCountSchema);
      return { ok: true, latencyMs: Math.round(performance.now() - started), says: message('idp.connectedRealm', { realm: this.config.realm, count: data }) };
    } catch (error) {
      return { ok: false, latencyMs: Math.round(performance.now() - started), says: saysOf(error) };
    }
  }

  private async storeRecoveryCodeHashes(user: IdpUser, hashes: HashedRecoveryCode[], idempotencyKey: string, signal?: AbortSignal): Promise<{ authenticatorId: string }> {
    const before = await this.credentials(user.id, signal);
    const done = before.find((credential) => credential.type === RECOVERY && hasTag(credential.userLabel, idempotencyKey));
    if (done) return { authenticatorId: done.id };
    // Keycloak keeps one set of recovery codes per user: the new sheet replaces the old one.
    for (const old of before.filter((credential) => credential.type === RECOVERY)) await this.revokeAuthenticator(user, old.id, { signal });
    await this.importCredentials(user.id, [
      {
        type: RECOVERY,
        userLabel: nameWithTag('Recovery codes', idempotencyKey),
        credentialData: JSON.stringify({ hashIterations: 1, algorithm: 'SHA-512', totalCodes: hashes.length, remainingCodes: hashes.length }),
        secretData: JSON.stringify({ codes: hashes.map(({ number, encodedHashedValue }) => ({ number, encodedHashedValue })) }),
      },
    ], 'importing the recovery code hashes', signal);
    const stored = (await this.credentials(user.id, signal)).find((credential) => credential.type === RECOVERY && hasTag(credential.userLabel, idempotencyKey));
    if (!stored) throw new IdpError('permanent', message('idp.codesNotListed', { idp: this.label }));
    return { authenticatorId: stored.id };
  }

  /** PUT the user's own representation back with the new credentials, so nothing else changes. */
  private async importCredentials(userId: string, credentials: Array<Record<string, unknown>>, what: string, signal: AbortSignal | undefined): Promise<void> {
    const rep = await this.getUser(userId, signal);
    await this.http.empty({ method: 'PUT', path: this.userPath(userId), json: { ...rep, credentials: credentials.map((c) => ({ ...c, createdDate: this.now().getTime() })) }, what, signal });
  }

  private async passwordlessPolicy(): Promise<RealmPasswordlessPolicy> {
    return (await this.http.json({ method: 'GET', path: this.realmPath, what: "reading the realm's passwordless policy" }, realmPasswordlessPolicySchema)).data;
  }

  private async getUser(userId: string, signal?: AbortSignal): Promise<KeycloakUser> {
    return (await this.http.json({ method: 'GET', path: this.userPath(userId), what: 'reading the user', signal }, keycloakUserSchema)).data;
  }

  /** GET .../credentials is not paged (the admin API takes no first/max there): one answer holds them all. */
  private async credentials(userId: string, signal?: AbortSignal): Promise<KeycloakCredential[]> {
    return (await this.http.json({ method: 'GET', path: `${this.userPath(userId)}/credentials`, what: "listing the user's authenticators", signal }, keycloakCredentialsSchema)).data;
  }

  private userPath(userId: string): string {
    return `${this.realmPath}/users/${encodeURIComponent(userId)}`;
  }

  /** An attribute may hold several values; the one searched for is the user's badge when present. */
  private toUser(rep: KeycloakUser, searchedBadge: string | undefined): IdpUser {
    const name = [rep.firstName, rep.lastName].filter(Boolean).join(' ');
    const badges = rep.attributes?.[this.config.badgeAttribute] ?? [];
    return {
      id: rep.id,
      displayName: name || rep.username || rep.id,
      username: rep.username ?? null,
      email: rep.email ?? null,
      badgeId: (searchedBadge && badges.includes(searchedBadge) ? searchedBadge : badges[0]) ?? null,
    };
  }
}

function parseHandle(handle: KeyRegistrationHandle) {
  const parsed = localChallengeHandleSchema.safeParse(handle);
  if (handle.idp !== 'keycloak' || !parsed.success) {
    throw new IdpError('permanent', message('idp.registrationDamaged'));
  }
  return parsed.data;
}

function parseCredentialData(credential: KeycloakCredential): Record<string, unknown> | null {
  try {
    const value = JSON.parse(credential.credentialData ?? 'null') as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function toAuthenticator(credential: KeycloakCredential): IdpAuthenticator {
  const data = parseCredentialData(credential);
  const transports = Array.isArray(data?.transports) ? (data.transports as string[]) : [];
  let type: IdpAuthenticator['type'] = 'other';
  if (credential.type === PASSWORDLESS || credential.type === 'webauthn') {
    type = transports.some((t) => t === 'usb' || t === 'nfc' || t === 'ble') ? 'securityKey' : 'passkey';
  } else if (credential.type === RECOVERY) type = 'recoveryCodes';
  else if (credential.type === 'password') type = 'password';
  return {
    id: credential.id,
    type,
    name: credential.userLabel ?? credential.type,
    createdAt: credential.createdDate ? new Date(credential.createdDate).toISOString() : null,
    aaguid: typeof data?.aaguid === 'string' ? data.aaguid : null,
  };
}
