import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CtapHidDevice } from '../ctaphid/ctaphid-device';
import {
  coseEcdhKeyFromMap,
  coseEcdhKeyToMap,
  generateEcdhKeyPair,
  pinProtocol,
  type CoseEcdhKey,
  type PinProtocol,
  type PinProtocolVersion,
} from '../pin/pin-protocol';
import { ClientPinSubcommand, Ctap2Command } from './ctap2-constants';
import { CtapError, malformed } from './ctap2-error';
import { bytes, parseResponseMap, uint } from './ctap2-parse';
import { ctap2Call, type CtapParams } from './ctap2-transport';

/** CTAP 2.1 section 6.5: a key blocks its PIN after at most 8 wrong tries (UV retries have their own, other limit). */
export const MAX_PIN_RETRIES = 8;

const retriesSchema = z.object({ '3': uint.max(MAX_PIN_RETRIES), '4': z.boolean().optional() });
const keyAgreementSchema = z.object({ '1': z.map(z.unknown(), z.unknown()) });
const tokenSchema = z.object({ '2': bytes });

/** The shared secret of one key agreement plus the platform key the authenticator needs. */
export interface PinSession {
  protocol: PinProtocol;
  sharedSecret: Uint8Array;
  platformKey: Map<number, number | Uint8Array>;
}

/** A pinUvAuthToken and the protocol that minted it, ready to sign a request. */
export interface PinUvAuthToken {
  protocol: PinProtocol;
  token: Uint8Array;
}

export interface PinRetries {
  retries: number;
  powerCycleRequired: boolean;
}

const MAX_PIN_BYTES = 63;
const PADDED_PIN_BYTES = 64;

/** authenticatorClientPIN (CTAP 2.1 section 6.5) for PIN/UV auth protocols 1 and 2. */
export class ClientPin {
  readonly protocol: PinProtocol;

  constructor(
    private readonly device: CtapHidDevice,
    version: PinProtocolVersion,
  ) {
    this.protocol = pinProtocol(version);
  }

  async getRetries(): Promise<PinRetries> {
    const map = await this.call(ClientPinSubcommand.getPINRetries, {});
    const parsed = parseResponseMap(retriesSchema, map, 'getPINRetries');
    return { retries: parsed['3'], powerCycleRequired: parsed['4'] ?? false };
  }

  async getKeyAgreement(): Promise<CoseEcdhKey> {
    const map = await this.call(ClientPinSubcommand.getKeyAgreement, {});
    const parsed = parseResponseMap(keyAgreementSchema, map, 'getKeyAgreement');
    try {
      return coseEcdhKeyFromMap(parsed['1']);
    } catch (error) {
      throw malformed('getKeyAgreement', error instanceof Error ? error.message : String(error));
    }
  }

  /** ECDH with the key's agreement key; a fresh platform key pair every time. */
  async startSession(): Promise<PinSession> {
    const peer = await this.getKeyAgreement();
    const pair = generateEcdhKeyPair();
    let z: Uint8Array;
    try {
      z = pair.agree(peer);
    } catch {
      throw malformed('getKeyAgreement', 'the key agreement point is not on the P-256 curve.');
    }
    return { protocol: this.protocol, sharedSecret: this.protocol.kdf(z), platformKey: coseEcdhKeyToMap(pair.publicKey) };
  }

  async setPin(newPin: string): Promise<void> {
    const session = await this.startSession();
    const newPinEnc = this.protocol.encrypt(session.sharedSecret, paddedPin(newPin));
    await this.call(ClientPinSubcommand.setPIN, {
      3: session.platformKey,
      4: this.protocol.authenticate(session.sharedSecret, newPinEnc),
      5: newPinEnc,
    });
  }

  async changePin(currentPin: string, newPin: string): Promise<void> {
    const session = await this.startSession();
    const pinHashEnc = this.protocol.encrypt(session.sharedSecret, pinHash(currentPin));
    const newPinEnc = this.protocol.encrypt(session.sharedSecret, paddedPin(newPin));
    await this.call(ClientPinSubcommand.changePIN, {
      3: session.platformKey,
      4: this.protocol.authenticate(session.sharedSecret, concat(newPinEnc, pinHashEnc)),
      5: newPinEnc,
      6: pinHashEnc,
    });
  }

  /** The CTAP 2.0 getPinToken (subcommand 5): a token without permissions. */
  async getPinToken(pin: string): Promise<PinUvAuthToken> {
    const session = await this.startSession();
    const map = await this.call(ClientPinSubcommand.getPINToken, {
      3: session.platformKey,
      6: this.protocol.encrypt(session.sharedSecret, pinHash(pin)),
    });
    return this.decryptToken(session, map, 'getPinToken');
  }

  /** CTAP 2.1 getPinUvAuthTokenUsingPinWithPermissions (subcommand 9). */
  async getPinUvAuthTokenUsingPinWithPermissions(pin: string, permissions: number, rpId?: string): Promise<PinUvAuthToken> {
    const session = await this.startSession();
    const map = await this.call(ClientPinSubcommand.getPinUvAuthTokenUsingPinWithPermissions, {
      3: session.platformKey,
      6: this.protocol.encrypt(session.sharedSecret, pinHash(pin)),
      9: permissions,
      10: rpId,
    });
    return this.decryptToken(session, map, 'getPinUvAuthTokenUsingPinWithPermissions');
  }

  private decryptToken(session: PinSession, map: Map<unknown, unknown>, what: string): PinUvAuthToken {
    const encrypted = parseResponseMap(tokenSchema, map, what)['2'];
    let token: Uint8Array;
    try {
      token = this.protocol.decrypt(session.sharedSecret, encrypted);
    } catch {
      throw malformed(what, 'the encrypted token cannot be decrypted.');
    }
    const allowed = this.protocol.version === 1 ? [16, 32] : [32];
    if (!allowed.includes(token.length)) throw malformed(what, `the token is ${token.length} bytes long.`);
    return { protocol: this.protocol, token };
  }

  private call(subCommand: number, params: CtapParams): Promise<Map<unknown, unknown>> {
    return ctap2Call(this.device, Ctap2Command.clientPIN, 'clientPIN', { 1: this.protocol.version, 2: subCommand, ...params });
  }
}

/** The PIN as UTF-8, zero-padded to 64 bytes (CTAP 2.1 section 6.5.5.5). */
export function paddedPin(pin: string): Uint8Array {
  const utf8 = new TextEncoder().encode(pin);
  if (utf8.length > MAX_PIN_BYTES) {
    throw new CtapError('CTAP2_ERR_PIN_POLICY_VIOLATION', `A PIN may be at most ${MAX_PIN_BYTES} bytes in UTF-8.`);
  }
  const out = new Uint8Array(PADDED_PIN_BYTES);
  out.set(utf8, 0);
  return out;
}

/** LEFT(SHA-256(pin), 16), what the key compares against its stored PIN hash. */
export function pinHash(pin: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(pin, 'utf8').digest().subarray(0, 16));
}

/** pinUvAuthParam for makeCredential/getAssertion: authenticate(token, clientDataHash). */
export function pinUvAuthParam(token: PinUvAuthToken, message: Uint8Array): Uint8Array {
  return token.protocol.authenticate(token.token, message);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
