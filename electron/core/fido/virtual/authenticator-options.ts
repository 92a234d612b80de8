import type { PinProtocolVersion } from '../pin/pin-protocol';
import type { AuthenticatorState } from './authenticator-state';
import type { ClientPin } from './client-pin';
import type { UserPresenceScript } from './user-presence';

export interface VirtualAuthenticatorOptions {
  /** The key's minimum PIN length in Unicode code points (CTAP default 4). */
  minPinLength?: number;
  /** Room for discoverable credentials. */
  maxDiscoverableCredentials?: number;
  /** Offered PIN/UV auth protocols, preferred first; [1] makes peers fall back to protocol 1. */
  pinUvAuthProtocols?: PinProtocolVersion[];
  firmwareVersion?: number;
  /**
   * Real keys only accept reset within about 10 s of power-up; null accepts it at any time
   * (handy in tests that cannot replug).
   */
  resetWindowMs?: number | null;
  /** How long the key waits for a touch before CTAP2_ERR_USER_ACTION_TIMEOUT. */
  userPresenceTimeoutMs?: number;
  /** What the simulated person does whenever a touch is needed, unless a one-shot is queued. */
  userPresence?: UserPresenceScript;
  /** CTAPHID: how long a half-received message waits for its next packet (ERR_MSG_TIMEOUT). */
  messageTimeoutMs?: number;
}

export type ResolvedOptions = Required<VirtualAuthenticatorOptions>;

export function resolveOptions(options: VirtualAuthenticatorOptions): ResolvedOptions {
  return {
    minPinLength: options.minPinLength ?? 4,
    maxDiscoverableCredentials: options.maxDiscoverableCredentials ?? 25,
    pinUvAuthProtocols: options.pinUvAuthProtocols ?? [2, 1],
    firmwareVersion: options.firmwareVersion ?? 0x010000,
    resetWindowMs: options.resetWindowMs === undefined ? 10_000 : options.resetWindowMs,
    userPresenceTimeoutMs: options.userPresenceTimeoutMs ?? 30_000,
    userPresence: options.userPresence ?? 'immediate',
    messageTimeoutMs: options.messageTimeoutMs ?? 500,
  };
}

/** Passed to every command: CANCEL aborts the signal; keepalive sends CTAPHID_KEEPALIVE. */
export interface CommandContext {
  signal: AbortSignal;
  keepalive(status: number): void;
}

/** What the command handlers share. */
export interface AuthenticatorCore {
  readonly options: ResolvedOptions;
  readonly state: AuthenticatorState;
  readonly clientPin: ClientPin;
  /** Resolves when the simulated person touched the key, else rejects with the CTAP status. */
  userPresence(context: CommandContext): Promise<void>;
  nextSignCount(): number;
}
