import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Message } from '../../../shared/contract/messages';
import type { KeyFacts, KeyVerdict } from './key-preflight';

/**
 * One interface for every IdP, with declared capabilities so the UI adapts instead of
 * special-casing an IdP (DESIGN.md section 4).
 *
 * Every failure is an `IdpError` (idp-error.ts) with a message a person can act on.
 *
 * Exactly-once at the IdP (agreed with the outbox in electron/core/sync): every operation the
 * outbox sends takes the item's idempotency key, and is safe to repeat after a crash because
 * the connector first looks at the IdP for the effect of an earlier attempt:
 * - finishKeyRegistration lists the user's credentials and returns the existing authenticator
 *   when the credential (by credential id, or by the idempotency tag in its name where the
 *   IdP hides credential ids) is already there; `wasKeyRegistrationApplied` is the same check
 *   on its own, for a worker that wants to look before it sends.
 * - storeRecoveryCodeHashes looks for the recovery-code credential tagged with the key.
 * - revokeAuthenticator treats "already gone" (404) as done.
 */

export type IdpKind = 'training' | 'entra' | 'keycloak' | 'authentik';

export interface UserQuery {
  badgeId?: string;
  email?: string;
  username?: string;
}

export interface IdpUser {
  /** The IdP's own id (Graph object id, Keycloak user id, authentik pk as text). */
  id: string;
  displayName: string;
  username: string | null;
  email: string | null;
  badgeId: string | null;
}

export type PasskeyLinkKind = 'temporaryAccessPass' | 'requiredAction' | 'recoveryLink' | 'training';

export interface PasskeyLink {
  kind: PasskeyLinkKind;
  /** What the QR code encodes. */
  url: string;
  /** ISO date-time after which the link no longer works. */
  expiresAt: string;
  /** A one-time code the attendee types at the URL (Entra TAP); shown on screen, never stored or logged. */
  code: string | null;
}

export type AuthenticatorType = 'passkey' | 'securityKey' | 'recoveryCodes' | 'password' | 'other';

export interface IdpAuthenticator {
  id: string;
  type: AuthenticatorType;
  name: string;
  /** ISO date-time, or null where the IdP does not say. */
  createdAt: string | null;
  aaguid: string | null;
  /** The model as the IdP names it (Entra's fido2Method.model); absent where the IdP names none. */
  model?: string | null;
}

/**
 * What the outbox stores between begin and finish: plain JSON, no secrets, parsed back by the
 * connector that made it (each connector validates its own shape with zod).
 */
export type KeyRegistrationHandle = { idp: IdpKind } & Record<string, unknown>;

export interface KeyRegistrationStart {
  options: PublicKeyCredentialCreationOptionsJSON;
  /** The origin the key service puts into clientDataJSON (the IdP's, not the kiosk's). */
  origin: string;
  handle: KeyRegistrationHandle;
  /** ISO date-time after which the IdP refuses the challenge; null where it does not expire. */
  expiresAt: string | null;
}

/** For calls the outbox makes: its abort (the per-item timeout) ends every request of the call. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface FinishOptions extends CallOptions {
  idempotencyKey: string;
  /** The name the IdP shows for the key, e.g. "Backup key (YubiKey 5)". */
  displayName: string;
}

export interface HashedRecoveryCode {
  number: number;
  /** Standard base64 of SHA-512 over the code's UTF-8 bytes (Keycloak 26.2+). */
  encodedHashedValue: string;
}

export type RecoveryCodes =
  | { mode: 'unsupported'; reason: Message }
  | {
      /** The IdP makes the codes (authentik's static-token stage); the kiosk only prints them. */
      mode: 'idpIssued';
      issue(user: IdpUser): Promise<{ codes: string[]; authenticatorId: string }>;
    }
  | {
      /** The kiosk makes and prints the codes; only their hashes reach the IdP. */
      mode: 'kioskIssuedHashed';
      codeCount: number;
      store(user: IdpUser, hashes: HashedRecoveryCode[], options: CallOptions & { idempotencyKey: string }): Promise<{ authenticatorId: string }>;
    };

export interface IdpCapabilities {
  findBy: Array<keyof UserQuery>;
  platformPasskeyLink: PasskeyLinkKind;
  /** How the backup key reaches the IdP. */
  backupKey: 'onBehalf' | 'kioskChallenge' | 'flowExecutor';
  recoveryCodes: RecoveryCodes['mode'];
  /** Whether a key registered offline can be finished later from the outbox. */
  offlineKeyRegistration: boolean;
}

export interface IdpHealth {
  ok: boolean;
  latencyMs: number;
  /** How the connection went, for the status screen (translated there) and the log. */
  says: Message;
}

export interface IdpConnector {
  readonly kind: IdpKind;
  readonly label: string;
  readonly training: boolean;
  readonly capabilities: IdpCapabilities;
  readonly recoveryCodes: RecoveryCodes;

  /** null when nobody matches; an IdpError ('permanent') when more than one does. */
  findUser(query: UserQuery): Promise<IdpUser | null>;
  platformPasskeyLink(user: IdpUser): Promise<PasskeyLink>;
  listAuthenticators(user: IdpUser): Promise<IdpAuthenticator[]>;
  /** Pre-flight (key-preflight.ts): whether the IdP's own policy takes this key for this person. Reads only. */
  preflightKey(user: IdpUser, key: KeyFacts): Promise<KeyVerdict>;
  beginKeyRegistration(user: IdpUser): Promise<KeyRegistrationStart>;
  /** Idempotent: see the header comment. */
  finishKeyRegistration(handle: KeyRegistrationHandle, response: RegistrationResponseJSON, options: FinishOptions): Promise<{ authenticatorId: string }>;
  /** The authenticator an earlier finish created, or null when none reached the IdP. */
  wasKeyRegistrationApplied(handle: KeyRegistrationHandle, response: RegistrationResponseJSON, options: FinishOptions): Promise<{ authenticatorId: string } | null>;
  /** Idempotent: an authenticator that is already gone counts as revoked. */
  revokeAuthenticator(user: IdpUser, authenticatorId: string, options?: CallOptions): Promise<void>;
  health(): Promise<IdpHealth>;
  /** Releases what the connector holds open (the training IdP's enrollment page server). */
  close?(): Promise<void>;
}
