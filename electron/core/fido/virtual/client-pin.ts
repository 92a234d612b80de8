import { createHash, randomBytes } from 'node:crypto';
import { ClientPinSubcommand, CtapStatus, Permission } from '../ctap2/ctap2-constants';
import {
  coseEcdhKeyFromMap,
  coseEcdhKeyToMap,
  generateEcdhKeyPair,
  pinProtocol,
  type EcdhKeyPair,
  type PinProtocol,
  type PinProtocolVersion,
} from '../pin/pin-protocol';
import { MAX_PIN_RETRIES, type AuthenticatorState } from './authenticator-state';
import { CtapStatusError } from './ctap-status-error';
import { bytesEqual, optionalText, requireBytes, requireInt, type CborMap } from './request-fields';

/** Wrong PINs in a row before the key wants a power cycle (CTAP 2.1 section 6.5.5.5). */
export const MISMATCHES_BEFORE_POWER_CYCLE = 3;
const MAX_PIN_BYTES = 63;
const PADDED_PIN_LENGTH = 64;
/** Permissions this authenticator can grant: no bio enrolment, large blobs or config. */
const SUPPORTED_PERMISSIONS = Permission.mc | Permission.ga | Permission.cm;

interface PinUvAuthToken {
  value: Uint8Array;
  protocol: PinProtocolVersion;
  permissions: number;
  rpId: string | null;
}

const fail = (status: number, why?: string): CtapStatusError => new CtapStatusError(status, why);

/**
 * The authenticator side of clientPIN (CTAP 2.1 section 6.5): key agreement per protocol, PIN
 * set/change with the padded-PIN policy, the retry counter (8, persistent) and the
 * power-cycle block after 3 mismatches in a row (volatile), and the one pinUvAuthToken with
 * its permissions and RP ID binding.
 */
export class ClientPin {
  private keyAgreements = new Map<PinProtocolVersion, EcdhKeyPair>();
  private token: PinUvAuthToken | null = null;
  private consecutiveMismatches = 0;

  constructor(
    private readonly state: () => AuthenticatorState,
    private readonly protocols: readonly PinProtocolVersion[],
  ) {
    this.powerUp();
  }

  /** What a real key forgets when unplugged: key agreement keys, token, the mismatch run. */
  powerUp(): void {
    for (const version of this.protocols) this.keyAgreements.set(version, generateEcdhKeyPair());
    this.token = null;
    this.consecutiveMismatches = 0;
  }

  get powerCycleRequired(): boolean {
    return this.consecutiveMismatches >= MISMATCHES_BEFORE_POWER_CYCLE;
  }

  handle(params: CborMap): Map<number, unknown> {
    const protocol = this.protocolFrom(requireInt(params, 1, 'pinUvAuthProtocol'));
    const subCommand = requireInt(params, 2, 'subCommand');
    switch (subCommand) {
      case ClientPinSubcommand.getPINRetries:
        return new Map<number, unknown>([
          [3, this.state().pinRetries],
          [4, this.powerCycleRequired],
        ]);
      case ClientPinSubcommand.getKeyAgreement:
        return new Map([[1, coseEcdhKeyToMap(this.keyAgreement(protocol.version).publicKey)]]);
      case ClientPinSubcommand.setPIN:
        this.setPin(protocol, params);
        return new Map();
      case ClientPinSubcommand.changePIN:
        this.changePin(protocol, params);
        return new Map();
      case ClientPinSubcommand.getPINToken:
        return this.issueToken(protocol, params, Permission.mc | Permission.ga, null);
      case ClientPinSubcommand.getPinUvAuthTokenUsingPinWithPermissions: {
        const permissions = requireInt(params, 9, 'permissions');
        if (permissions === 0) throw fail(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, 'no permissions asked');
        if ((permissions & ~SUPPORTED_PERMISSIONS) !== 0) throw fail(CtapStatus.CTAP2_ERR_UNAUTHORIZED_PERMISSION);
        return this.issueToken(protocol, params, permissions, optionalText(params, 10, 'rpId') ?? null);
      }
      case ClientPinSubcommand.getPinUvAuthTokenUsingUvWithPermissions:
      case ClientPinSubcommand.getUVRetries:
        throw fail(CtapStatus.CTAP2_ERR_INVALID_SUBCOMMAND, 'no built-in user verification');
      default:
        throw fail(CtapStatus.CTAP2_ERR_INVALID_SUBCOMMAND);
    }
  }

  /**
   * Checks a pinUvAuthParam made with the current token: right protocol, valid MAC, the
   * permission, and the token's RP ID (binding it on first use, as section 6.5.5.7 allows).
   */
  verifyToken(
    protocolVersion: number | undefined,
    param: Uint8Array,
    message: Uint8Array,
    permission: number,
    rpId: string | null,
  ): void {
    if (protocolVersion === undefined) throw fail(CtapStatus.CTAP2_ERR_MISSING_PARAMETER, 'pinUvAuthProtocol');
    const protocol = this.protocolFrom(protocolVersion);
    const token = this.token;
    if (!token || token.protocol !== protocol.version || !protocol.verify(token.value, message, param)) {
      throw fail(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
    }
    if ((token.permissions & permission) === 0) throw fail(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, 'permission missing');
    if (rpId === null) {
      if (token.rpId !== null && permission === Permission.cm) throw fail(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, 'token bound to an RP');
      return;
    }
    if (token.rpId === null) token.rpId = rpId;
    else if (token.rpId !== rpId) throw fail(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, 'token bound to another RP');
  }

  /** A reset forgets the PIN; the next power-up state is fresh. */
  forget(): void {
    this.powerUp();
  }

  private protocolFrom(version: number): PinProtocol {
    if (version !== 1 && version !== 2) throw fail(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, 'unknown PIN protocol');
    if (!this.protocols.includes(version)) throw fail(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, 'PIN protocol not offered');
    return pinProtocol(version);
  }

  private keyAgreement(version: PinProtocolVersion): EcdhKeyPair {
    const pair = this.keyAgreements.get(version);
    if (!pair) throw fail(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
    return pair;
  }

  private sharedSecret(protocol: PinProtocol, params: CborMap): Uint8Array {
    const peerMap = params.get(3);
    if (peerMap === undefined) throw fail(CtapStatus.CTAP2_ERR_MISSING_PARAMETER, 'keyAgreement');
    try {
      const peer = coseEcdhKeyFromMap(peerMap);
      return protocol.kdf(this.keyAgreement(protocol.version).agree(peer));
    } catch (error) {
      if (error instanceof CtapStatusError) throw error;
      throw fail(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, 'keyAgreement is not a valid P-256 key');
    }
  }

  private decrypt(protocol: PinProtocol, secret: Uint8Array, ciphertext: Uint8Array): Uint8Array {
    try {
      return protocol.decrypt(secret, ciphertext);
    } catch {
      throw fail(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, 'ciphertext is not whole blocks');
    }
  }

  private setPin(protocol: PinProtocol, params: CborMap): void {
    const secret = this.sharedSecret(protocol, params);
    const newPinEnc = requireBytes(params, 5, 'newPinEnc');
    const param = requireBytes(params, 4, 'pinUvAuthParam');
    if (this.state().pinHash !== null) throw fail(CtapStatus.CTAP2_ERR_NOT_ALLOWED, 'a PIN is already set');
    if (!protocol.verify(secret, newPinEnc, param)) throw fail(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
    this.storeNewPin(protocol, secret, newPinEnc);
  }

  private changePin(protocol: PinProtocol, params: CborMap): void {
    const secret = this.sharedSecret(protocol, params);
    const newPinEnc = requireBytes(params, 5, 'newPinEnc');
    const pinHashEnc = requireBytes(params, 6, 'pinHashEnc');
    const param = requireBytes(params, 4, 'pinUvAuthParam');
    this.checkNotBlocked();
    const message = new Uint8Array([...newPinEnc, ...pinHashEnc]);
    if (!protocol.verify(secret, message, param)) throw fail(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
    this.checkPinHash(protocol, secret, pinHashEnc);
    this.storeNewPin(protocol, secret, newPinEnc);
    this.token = null;
  }

  private issueToken(protocol: PinProtocol, params: CborMap, permissions: number, rpId: string | null): Map<number, unknown> {
    const secret = this.sharedSecret(protocol, params);
    const pinHashEnc = requireBytes(params, 6, 'pinHashEnc');
    this.checkNotBlocked();
    this.checkPinHash(protocol, secret, pinHashEnc);
    // A new token invalidates every earlier one (resetPinUvAuthToken).
    const value = new Uint8Array(randomBytes(32));
    this.token = { value, protocol: protocol.version, permissions, rpId };
    return new Map([[2, protocol.encrypt(secret, value)]]);
  }

  private checkNotBlocked(): void {
    const state = this.state();
    if (state.pinHash === null) throw fail(CtapStatus.CTAP2_ERR_PIN_NOT_SET);
    if (state.pinRetries === 0) throw fail(CtapStatus.CTAP2_ERR_PIN_BLOCKED);
    if (this.powerCycleRequired) throw fail(CtapStatus.CTAP2_ERR_PIN_AUTH_BLOCKED);
  }

  /** The retry is spent before the comparison, so pulling the key mid-check cannot save it. */
  private checkPinHash(protocol: PinProtocol, secret: Uint8Array, pinHashEnc: Uint8Array): void {
    const state = this.state();
    state.pinRetries -= 1;
    const pinHash = this.decrypt(protocol, secret, pinHashEnc);
    if (state.pinHash !== null && bytesEqual(pinHash.subarray(0, 16), state.pinHash) && pinHash.length === 16) {
      state.pinRetries = MAX_PIN_RETRIES;
      this.consecutiveMismatches = 0;
      return;
    }
    this.keyAgreements.set(protocol.version, generateEcdhKeyPair());
    this.consecutiveMismatches += 1;
    if (state.pinRetries === 0) throw fail(CtapStatus.CTAP2_ERR_PIN_BLOCKED);
    if (this.powerCycleRequired) throw fail(CtapStatus.CTAP2_ERR_PIN_AUTH_BLOCKED);
    throw fail(CtapStatus.CTAP2_ERR_PIN_INVALID);
  }

  private storeNewPin(protocol: PinProtocol, secret: Uint8Array, newPinEnc: Uint8Array): void {
    const expected = protocol.version === 1 ? PADDED_PIN_LENGTH : 16 + PADDED_PIN_LENGTH;
    if (newPinEnc.length !== expected) throw fail(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, 'newPinEnc has the wrong length');
    const padded = this.decrypt(protocol, secret, newPinEnc);
    const end = padded.indexOf(0);
    const pin = padded.subarray(0, end === -1 ? padded.length : end);
    const state = this.state();
    const codePoints = [...new TextDecoder().decode(pin)].length;
    if (end === -1 || pin.length > MAX_PIN_BYTES || codePoints < state.minPinLength) {
      throw fail(CtapStatus.CTAP2_ERR_PIN_POLICY_VIOLATION);
    }
    state.pinHash = new Uint8Array(createHash('sha256').update(pin).digest().subarray(0, 16));
    state.pinRetries = MAX_PIN_RETRIES;
  }
}

