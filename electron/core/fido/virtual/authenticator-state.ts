import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * Everything a real key keeps across power cycles: the master secret that wraps credential
 * ids, the PIN hash and retry counter, the global signature counter and the discoverable
 * credentials. Serializable so training mode can persist it; the JSON holds private keys and
 * the PIN hash, so it belongs in a protected file and never in a log.
 */
export interface StoredCredential {
  credentialId: Uint8Array;
  rpId: string;
  rpName: string | null;
  rpIdHash: Uint8Array;
  userId: Uint8Array;
  userName: string | null;
  userDisplayName: string | null;
  /** P-256 private scalar d, 32 bytes. */
  privateKey: Uint8Array;
  publicKeyX: Uint8Array;
  publicKeyY: Uint8Array;
  credProtect: 1 | 2 | 3;
  /** Creation order, so the newest credential is asserted first. */
  createdSeq: number;
}

export interface AuthenticatorState {
  masterKey: Uint8Array;
  /** LEFT(SHA-256(PIN), 16), or null when no PIN is set. */
  pinHash: Uint8Array | null;
  pinRetries: number;
  minPinLength: number;
  signCount: number;
  credentialSeq: number;
  credentials: StoredCredential[];
}

export const MAX_PIN_RETRIES = 8;

export function freshState(minPinLength: number): AuthenticatorState {
  return {
    masterKey: new Uint8Array(randomBytes(32)),
    pinHash: null,
    pinRetries: MAX_PIN_RETRIES,
    minPinLength,
    signCount: 0,
    credentialSeq: 0,
    credentials: [],
  };
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const fromB64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64url'));

const bytes = (length?: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/)
    .transform(fromB64)
    .refine((value) => length === undefined || value.length === length, { message: `expected ${length} bytes` });

const storedCredentialJson = z.object({
  credentialId: bytes(),
  rpId: z.string().min(1),
  rpName: z.string().nullable(),
  rpIdHash: bytes(32),
  userId: bytes(),
  userName: z.string().nullable(),
  userDisplayName: z.string().nullable(),
  privateKey: bytes(32),
  publicKeyX: bytes(32),
  publicKeyY: bytes(32),
  credProtect: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  createdSeq: z.number().int().nonnegative(),
});

const stateJson = z.object({
  version: z.literal(1),
  masterKey: bytes(32),
  pinHash: bytes(16).nullable(),
  pinRetries: z.number().int().min(0).max(MAX_PIN_RETRIES),
  minPinLength: z.number().int().min(4).max(63),
  signCount: z.number().int().nonnegative(),
  credentialSeq: z.number().int().nonnegative(),
  credentials: z.array(storedCredentialJson),
});

export type AuthenticatorStateJson = z.input<typeof stateJson>;

export function stateToJson(state: AuthenticatorState): AuthenticatorStateJson {
  return {
    version: 1,
    masterKey: b64(state.masterKey),
    pinHash: state.pinHash ? b64(state.pinHash) : null,
    pinRetries: state.pinRetries,
    minPinLength: state.minPinLength,
    signCount: state.signCount,
    credentialSeq: state.credentialSeq,
    credentials: state.credentials.map((c) => ({
      credentialId: b64(c.credentialId),
      rpId: c.rpId,
      rpName: c.rpName,
      rpIdHash: b64(c.rpIdHash),
      userId: b64(c.userId),
      userName: c.userName,
      userDisplayName: c.userDisplayName,
      privateKey: b64(c.privateKey),
      publicKeyX: b64(c.publicKeyX),
      publicKeyY: b64(c.publicKeyY),
      credProtect: c.credProtect,
      createdSeq: c.createdSeq,
    })),
  };
}

/** Throws a zod error naming the bad field when the saved state is damaged. */
export function stateFromJson(json: unknown): AuthenticatorState {
  const { version: _version, ...state } = stateJson.parse(json);
  return state;
}
