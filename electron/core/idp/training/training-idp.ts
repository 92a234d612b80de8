import { createHash, randomUUID } from 'node:crypto';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { RosterRow } from '../../../../shared/domain/session';
import type { Clock } from '../../ports/clock';
import type {
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
import { IdpError } from '../idp-error';
import { ACCEPTED, type KeyVerdict } from '../key-preflight';
import { issueLocalChallenge, localChallengeHandleSchema, verifyLocalRegistration } from '../webauthn/local-registration';
import { TrainingEnrollmentSite, type RegisteredPasskey } from './training-enrollment-site';
import type { TrainingAuthenticator, TrainingIdpStore } from './training-idp-store';

/** The training relying party: a reserved name that can never be a real IdP. */
export const TRAINING_RP = { rpId: 'training.kiosk.invalid', rpName: 'Enrollment Kiosk TRAINING', origin: 'https://training.kiosk.invalid' } as const;

export interface TrainingIdpOptions {
  /** resources/training/enroll-page: the enrollment page's script and style. */
  enrollPageDir: string;
  linkLifetimeMs: number;
  /** People on rosters imported in training mode, beyond the training roster (looked up by badge). */
  directory?: (badgeId: string) => RosterRow | null;
  /** What it holds (authenticators, code hashes, links), in the kiosk's database. */
  store: TrainingIdpStore;
}

const USER_ID_PREFIX = 'training-';

/**
 * TRAINING: the built-in IdP, in process, no outside network. Its directory is the training
 * roster plus the people of rosters imported in training. The platform passkey is real: the
 * link opens the kiosk's own enrollment page on localhost (TrainingEnrollmentSite), where the
 * browser registers a passkey that @simplewebauthn/server verifies. Backup keys are verified
 * exactly as Keycloak's import path does; recovery codes are kiosk-issued and only their
 * hashes are kept. What it holds lives in the kiosk's database, as a real IdP keeps it in its
 * own: a restart keeps an attendee enrolled.
 */
export class TrainingIdp implements IdpConnector {
  readonly kind = 'training' as const;
  readonly training = true;
  readonly label = 'Training IdP (built in) — TRAINING';
  readonly capabilities: IdpCapabilities = {
    findBy: ['badgeId', 'email', 'username'],
    platformPasskeyLink: 'training',
    backupKey: 'kioskChallenge',
    recoveryCodes: 'kioskIssuedHashed',
    offlineKeyRegistration: true,
  };
  readonly recoveryCodes: RecoveryCodes = {
    mode: 'kioskIssuedHashed',
    codeCount: 10,
    store: async (user, hashes, options) => this.storeHashes(user, hashes, options.idempotencyKey),
  };
  private readonly users: IdpUser[];
  private readonly store: TrainingIdpStore;
  private readonly site: TrainingEnrollmentSite;

  constructor(
    roster: readonly RosterRow[],
    private readonly clock: Clock,
    private readonly options: TrainingIdpOptions,
  ) {
    this.users = roster.map(toUser);
    this.store = options.store;
    this.site = new TrainingEnrollmentSite({
      clock,
      store: options.store,
      pageDir: options.enrollPageDir,
      linkLifetimeMs: options.linkLifetimeMs,
      onRegistered: (userId, passkey) => this.addPasskey(userId, passkey),
    });
  }

  async findUser(query: UserQuery): Promise<IdpUser | null> {
    const badge = query.badgeId?.toUpperCase();
    const known = this.users.find((u) =>
      badge !== undefined ? u.badgeId?.toUpperCase() === badge : query.email ? u.email?.toLowerCase() === query.email.toLowerCase() : u.username === query.username,
    );
    if (known || query.badgeId === undefined) return known ?? null;
    return this.fromDirectory(query.badgeId);
  }

  async platformPasskeyLink(user: IdpUser): Promise<PasskeyLink> {
    const known = this.userOrThrow(user.id);
    const exclude = this.list(user.id).flatMap((a) => (a.credentialId ? [a.credentialId] : []));
    const link = await this.site.issueLink({ id: known.id, displayName: known.displayName, username: known.username ?? known.id }, exclude);
    return {
      kind: 'training',
      url: link.url,
      expiresAt: link.expiresAt,
      code: null,
    };
  }

  async listAuthenticators(user: IdpUser): Promise<IdpAuthenticator[]> {
    return this.list(user.id).map(({ id, type, name, createdAt, aaguid }) => ({ id, type, name, createdAt, aaguid }));
  }

  /** Stops the enrollment page's server. */
  close(): Promise<void> {
    return this.site.close();
  }

  /** The training IdP has no policy of its own: it takes every key, the virtual one included. */
  async preflightKey(): Promise<KeyVerdict> {
    return ACCEPTED;
  }

  async beginKeyRegistration(user: IdpUser): Promise<KeyRegistrationStart> {
    const known = this.userOrThrow(user.id);
    const exclude = this.list(user.id).flatMap((a) => (a.credentialId ? [a.credentialId] : []));
    const { options, handle } = await issueLocalChallenge(TRAINING_RP, { id: known.id, username: known.username ?? known.id, displayName: known.displayName }, exclude, this.clock.now());
    return { options, origin: TRAINING_RP.origin, handle: { idp: 'training', ...handle }, expiresAt: handle.expiresAt };
  }

  async finishKeyRegistration(handle: KeyRegistrationHandle, response: RegistrationResponseJSON, options: FinishOptions): Promise<{ authenticatorId: string }> {
    const local = parseHandle(handle);
    const info = await verifyLocalRegistration(local, response, 'the training IdP');
    const already = await this.wasKeyRegistrationApplied(handle, response, options);
    if (already) return already;
    const id = randomUUID();
    this.store.add(local.userId, {
      id,
      type: 'securityKey',
      name: options.displayName,
      createdAt: this.clock.now().toISOString(),
      aaguid: info.aaguid,
      credentialId: info.credential.id,
      codeHashes: null,
      idempotencyKey: options.idempotencyKey,
    });
    return { authenticatorId: id };
  }

  /** Applied when the outbox item's idempotency key made an authenticator, or the credential is listed already. */
  async wasKeyRegistrationApplied(handle: KeyRegistrationHandle, response: RegistrationResponseJSON, options: FinishOptions): Promise<{ authenticatorId: string } | null> {
    const { userId } = parseHandle(handle);
    const found = this.store.byIdempotencyKey(userId, options.idempotencyKey) ?? this.list(userId).find((a) => a.credentialId === response.id);
    return found ? { authenticatorId: found.id } : null;
  }

  async revokeAuthenticator(user: IdpUser, authenticatorId: string): Promise<void> {
    this.userOrThrow(user.id);
    this.store.remove(user.id, authenticatorId);
  }

  async health(): Promise<IdpHealth> {
    return {
      ok: true,
      latencyMs: 0,
      says: message('idp.trainingReady', { count: this.users.length }),
    };
  }

  /** What the training IdP would check at sign-in: does the typed code match a stored hash? */
  acceptsRecoveryCode(userId: string, code: string): boolean {
    const hash = createHash('sha512').update(code, 'utf8').digest('base64');
    return this.list(userId).some((a) => a.codeHashes?.includes(hash));
  }

  private addPasskey(userId: string, passkey: RegisteredPasskey): void {
    this.store.add(userId, {
      id: randomUUID(),
      type: 'passkey',
      name: 'Passkey (training)',
      createdAt: this.clock.now().toISOString(),
      aaguid: passkey.aaguid,
      credentialId: passkey.credentialId,
      codeHashes: null,
      idempotencyKey: null,
    });
  }

  /** New codes replace the person's earlier ones; the same outbox item again changes nothing. */
  private storeHashes(user: IdpUser, hashes: HashedRecoveryCode[], idempotencyKey: string): { authenticatorId: string } {
    this.userOrThrow(user.id);
    const done = this.store.byIdempotencyKey(user.id, idempotencyKey);
    if (done) return { authenticatorId: done.id };
    const id = randomUUID();
    this.store.replaceRecoveryCodes(user.id, {
      id,
      type: 'recoveryCodes',
      name: 'Recovery codes',
      createdAt: this.clock.now().toISOString(),
      aaguid: null,
      credentialId: null,
      codeHashes: hashes.map((h) => h.encodedHashedValue),
      idempotencyKey,
    });
    return { authenticatorId: id };
  }

  /**
   * A person of the training roster, or of a roster imported in training: after a restart the
   * latter are known again by the badge in their id, as an IdP's own directory would know them.
   */
  private userOrThrow(userId: string): IdpUser {
    const user = this.users.find((u) => u.id === userId) ?? (userId.startsWith(USER_ID_PREFIX) ? this.fromDirectory(userId.slice(USER_ID_PREFIX.length)) : null);
    if (!user) throw new IdpError('permanent', message('idp.trainingNoPerson'), { status: 404 });
    return user;
  }

  private fromDirectory(badgeId: string): IdpUser | null {
    const row = this.options.directory?.(badgeId);
    if (!row) return null;
    const user = toUser(row);
    this.users.push(user);
    return user;
  }

  private list(userId: string): TrainingAuthenticator[] {
    this.userOrThrow(userId);
    return this.store.list(userId);
  }
}

function toUser(row: RosterRow): IdpUser {
  return {
    id: `${USER_ID_PREFIX}${row.badgeId}`,
    displayName: `${row.givenName} ${row.familyName}`.trim(),
    username: row.email ? (row.email.split('@')[0] ?? null) : null,
    email: row.email || null,
    badgeId: row.badgeId,
  };
}

function parseHandle(handle: KeyRegistrationHandle) {
  const parsed = localChallengeHandleSchema.safeParse(handle);
  if (handle.idp !== 'training' || !parsed.success) throw new IdpError('permanent', message('idp.registrationDamaged'));
  return parsed.data;
}
