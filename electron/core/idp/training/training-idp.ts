import { createHash, randomBytes, randomUUID } from 'node:crypto';
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
import { IdpError } from '../idp-error';
import { issueLocalChallenge, localChallengeHandleSchema, verifyLocalRegistration } from '../webauthn/local-registration';

/** The training relying party: a reserved name that can never be a real IdP. */
export const TRAINING_RP = { rpId: 'training.kiosk.invalid', rpName: 'Enrollment Kiosk TRAINING', origin: 'https://training.kiosk.invalid' } as const;
/** How long after the QR is shown the simulated phone "creates" the attendee's passkey. */
const DEFAULT_PASSKEY_DELAY_MS = 8_000;

interface StoredAuthenticator extends IdpAuthenticator {
  credentialId?: string;
  codeHashes?: string[];
  tag?: string;
}

/**
 * TRAINING: the built-in IdP, in process, no network. Its directory is the training roster;
 * the platform passkey is simulated (it appears a few seconds after the QR is shown); backup
 * keys are verified with @simplewebauthn/server exactly as Keycloak's import path does;
 * recovery codes are kiosk-issued and only their hashes are kept. State lives in memory.
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
  private readonly authenticators = new Map<string, StoredAuthenticator[]>();
  private readonly passkeyDueAt = new Map<string, number>();

  constructor(
    roster: readonly RosterRow[],
    private readonly clock: Clock,
    private readonly passkeyDelayMs = DEFAULT_PASSKEY_DELAY_MS,
  ) {
    this.users = roster.map((row) => ({
      id: `training-${row.badgeId}`,
      displayName: `${row.givenName} ${row.familyName}`.trim(),
      username: row.email ? (row.email.split('@')[0] ?? null) : null,
      email: row.email || null,
      badgeId: row.badgeId,
    }));
  }

  async findUser(query: UserQuery): Promise<IdpUser | null> {
    const badge = query.badgeId?.toUpperCase();
    return (
      this.users.find((u) =>
        badge !== undefined ? u.badgeId?.toUpperCase() === badge : query.email ? u.email?.toLowerCase() === query.email.toLowerCase() : u.username === query.username,
      ) ?? null
    );
  }

  async platformPasskeyLink(user: IdpUser): Promise<PasskeyLink> {
    this.userOrThrow(user.id);
    const now = this.clock.now().getTime();
    this.passkeyDueAt.set(user.id, now + this.passkeyDelayMs);
    return {
      kind: 'training',
      url: `${TRAINING_RP.origin}/enroll/${randomBytes(12).toString('base64url')}`,
      expiresAt: new Date(now + 15 * 60_000).toISOString(),
      hints: ['TRAINING: nothing to scan for real.', `The training phone "creates" a passkey about ${Math.round(this.passkeyDelayMs / 1000)} s after this code is shown.`],
      code: null,
    };
  }

  async listAuthenticators(user: IdpUser): Promise<IdpAuthenticator[]> {
    const list = this.list(user.id);
    const due = this.passkeyDueAt.get(user.id);
    if (due !== undefined && this.clock.now().getTime() >= due) {
      this.passkeyDueAt.delete(user.id);
      list.push({ id: randomUUID(), type: 'passkey', name: 'Training passkey (simulated phone)', createdAt: this.clock.now().toISOString(), aaguid: null });
    }
    return list.map(({ id, type, name, createdAt, aaguid }) => ({ id, type, name, createdAt, aaguid }));
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
    const already = await this.wasKeyRegistrationApplied(handle, response);
    if (already) return already;
    const id = randomUUID();
    this.list(local.userId).push({ id, type: 'securityKey', name: options.displayName, createdAt: this.clock.now().toISOString(), aaguid: info.aaguid, credentialId: info.credential.id });
    return { authenticatorId: id };
  }

  async wasKeyRegistrationApplied(handle: KeyRegistrationHandle, response: RegistrationResponseJSON): Promise<{ authenticatorId: string } | null> {
    const { userId } = parseHandle(handle);
    const found = this.list(userId).find((a) => a.credentialId === response.id);
    return found ? { authenticatorId: found.id } : null;
  }

  async revokeAuthenticator(user: IdpUser, authenticatorId: string): Promise<void> {
    const list = this.list(user.id);
    const index = list.findIndex((a) => a.id === authenticatorId);
    if (index >= 0) list.splice(index, 1);
  }

  async health(): Promise<IdpHealth> {
    return { ok: true, latencyMs: 0, message: `TRAINING: built-in IdP with ${this.users.length} roster people, no network.` };
  }

  /** What the training IdP would check at sign-in: does the typed code match a stored hash? */
  acceptsRecoveryCode(userId: string, code: string): boolean {
    const hash = createHash('sha512').update(code, 'utf8').digest('base64');
    return this.list(userId).some((a) => a.codeHashes?.includes(hash));
  }

  private storeHashes(user: IdpUser, hashes: HashedRecoveryCode[], idempotencyKey: string): { authenticatorId: string } {
    const list = this.list(user.id);
    const done = list.find((a) => a.tag === idempotencyKey);
    if (done) return { authenticatorId: done.id };
    for (let i = list.length - 1; i >= 0; i -= 1) if (list[i]?.type === 'recoveryCodes') list.splice(i, 1);
    const id = randomUUID();
    list.push({ id, type: 'recoveryCodes', name: 'Recovery codes', createdAt: this.clock.now().toISOString(), aaguid: null, codeHashes: hashes.map((h) => h.encodedHashedValue), tag: idempotencyKey });
    return { authenticatorId: id };
  }

  private userOrThrow(userId: string): IdpUser {
    const user = this.users.find((u) => u.id === userId);
    if (!user) throw new IdpError('permanent', 'TRAINING: this person is not in the training roster.', { status: 404 });
    return user;
  }

  private list(userId: string): StoredAuthenticator[] {
    this.userOrThrow(userId);
    let list = this.authenticators.get(userId);
    if (!list) {
      list = [];
      this.authenticators.set(userId, list);
    }
    return list;
  }
}

function parseHandle(handle: KeyRegistrationHandle) {
  const parsed = localChallengeHandleSchema.safeParse(handle);
  if (handle.idp !== 'training' || !parsed.success) throw new IdpError('permanent', 'This key registration was started for another IdP or is damaged; register the key again.');
  return parsed.data;
}
