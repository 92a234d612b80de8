import { decodeCbor, encodeCbor } from '../cbor/cbor';
import { Ctap2Command, CtapStatus } from '../ctap2/ctap2-constants';
import type { AuthenticatorCore, CommandContext, ResolvedOptions } from './authenticator-options';
import { freshState, type AuthenticatorState } from './authenticator-state';
import { ClientPin } from './client-pin';
import { CredentialManagement } from './credential-management';
import { CtapStatusError } from './ctap-status-error';
import { Assertions } from './get-assertion';
import { makeCredential } from './make-credential';
import { asMap } from './request-fields';
import { awaitUserPresence, type UserPresenceScript } from './user-presence';
import { VIRTUAL_AUTHENTICATOR_AAGUID_BYTES } from './virtual-aaguid';
import { CREDENTIAL_ID_LENGTH } from './credential-keys';

/** Matches the CTAPHID payload a 1200-byte maxMsgSize allows. */
export const MAX_MSG_SIZE = 1200;
const MAX_CREDENTIALS_IN_LIST = 8;
/**
 * The CTAP 2.1 preview command number for credential management. libfido2 (up to at least
 * 1.14) sends only this one, so real 2.1 keys still answer it, with the same CBOR and MAC.
 */
const CREDENTIAL_MANAGEMENT_PREVIEW = 0x41;

/**
 * The CTAP2 command layer of the virtual key: takes one CBOR request (command byte + map),
 * returns status byte + CBOR, exactly the CTAPHID_CBOR payloads.
 */
export class Ctap2Authenticator implements AuthenticatorCore {
  readonly clientPin: ClientPin;
  private readonly assertions = new Assertions();
  private readonly credentialManagement = new CredentialManagement();
  private poweredUpAt = Date.now();
  private forcedStatus: number | null = null;
  private readonly presenceQueue: UserPresenceScript[] = [];

  constructor(
    readonly options: ResolvedOptions,
    public state: AuthenticatorState,
  ) {
    this.clientPin = new ClientPin(() => this.state, options.pinUvAuthProtocols);
  }

  /** Unplug and replug: volatile state goes, credentials and PIN stay. */
  powerCycle(): void {
    this.poweredUpAt = Date.now();
    this.clientPin.powerUp();
    this.assertions.forget();
    this.credentialManagement.forget();
  }

  /** Fault injection: the next CBOR command answers with this status without running. */
  forceNextStatus(status: number): void {
    this.forcedStatus = status;
  }

  /** The next touch request follows this script instead of the default. */
  queueUserPresence(script: UserPresenceScript): void {
    this.presenceQueue.push(script);
  }

  setDefaultUserPresence(script: UserPresenceScript): void {
    this.options.userPresence = script;
  }

  userPresence(context: CommandContext): Promise<void> {
    const script = this.presenceQueue.shift() ?? this.options.userPresence;
    return awaitUserPresence(script, context, this.options.userPresenceTimeoutMs);
  }

  nextSignCount(): number {
    this.state.signCount += 1;
    return this.state.signCount;
  }

  getInfo(): Map<number, unknown> {
    const o = this.options;
    return new Map<number, unknown>([
      [0x01, ['FIDO_2_0', 'FIDO_2_1_PRE', 'FIDO_2_1']],
      [0x02, ['credProtect']],
      [0x03, VIRTUAL_AUTHENTICATOR_AAGUID_BYTES],
      [
        0x04,
        new Map<string, boolean>([
          ['rk', true],
          ['up', true],
          ['plat', false],
          ['clientPin', this.state.pinHash !== null],
          ['pinUvAuthToken', true],
          ['credMgmt', true],
          ['credentialMgmtPreview', true],
          ['makeCredUvNotRqd', false],
        ]),
      ],
      [0x05, MAX_MSG_SIZE],
      [0x06, [...o.pinUvAuthProtocols]],
      [0x07, MAX_CREDENTIALS_IN_LIST],
      [0x08, CREDENTIAL_ID_LENGTH],
      [0x09, ['usb']],
      [0x0a, [new Map<string, unknown>([['alg', -7], ['type', 'public-key']])]],
      [0x0c, false],
      [0x0d, this.state.minPinLength],
      [0x0e, o.firmwareVersion],
      [0x14, Math.max(0, o.maxDiscoverableCredentials - this.state.credentials.length)],
    ]);
  }

  /** Runs one command; never throws: every failure becomes a CTAP status byte. */
  async handle(request: Uint8Array, context: CommandContext): Promise<Uint8Array> {
    try {
      if (this.forcedStatus !== null) {
        const status = this.forcedStatus;
        this.forcedStatus = null;
        throw new CtapStatusError(status, 'injected fault');
      }
      if (request.length > MAX_MSG_SIZE) throw new CtapStatusError(CtapStatus.CTAP2_ERR_REQUEST_TOO_LARGE);
      const response = await this.dispatch(request, context);
      return response === null ? new Uint8Array([CtapStatus.CTAP2_OK]) : new Uint8Array([CtapStatus.CTAP2_OK, ...encodeCbor(response)]);
    } catch (error) {
      if (error instanceof CtapStatusError) return new Uint8Array([error.status]);
      return new Uint8Array([CtapStatus.CTAP1_ERR_OTHER]);
    }
  }

  private async dispatch(request: Uint8Array, context: CommandContext): Promise<Map<number, unknown> | null> {
    const command = request[0];
    if (command !== Ctap2Command.getNextAssertion) this.assertions.forget();
    const params = (): Map<unknown, unknown> => {
      if (request.length === 1) return new Map();
      let decoded: unknown;
      try {
        decoded = decodeCbor(request.subarray(1));
      } catch {
        throw new CtapStatusError(CtapStatus.CTAP2_ERR_INVALID_CBOR);
      }
      return asMap(decoded, 'request parameters');
    };
    switch (command) {
      case Ctap2Command.getInfo:
        return this.getInfo();
      case Ctap2Command.makeCredential:
        return makeCredential(params(), this, context);
      case Ctap2Command.getAssertion:
        return this.assertions.getAssertion(params(), this, context);
      case Ctap2Command.getNextAssertion:
        return this.assertions.getNextAssertion(this);
      case Ctap2Command.clientPIN:
        return this.clientPin.handle(params());
      case Ctap2Command.credentialManagement:
      case CREDENTIAL_MANAGEMENT_PREVIEW:
        return this.credentialManagement.handle(params(), this);
      case Ctap2Command.reset:
        await this.reset(context);
        return null;
      case Ctap2Command.selection:
        await this.userPresence(context);
        return null;
      default:
        throw new CtapStatusError(CtapStatus.CTAP1_ERR_INVALID_COMMAND);
    }
  }

  private async reset(context: CommandContext): Promise<void> {
    const window = this.options.resetWindowMs;
    if (window !== null && Date.now() - this.poweredUpAt > window) {
      throw new CtapStatusError(CtapStatus.CTAP2_ERR_NOT_ALLOWED, 'reset only right after power-up');
    }
    await this.userPresence(context);
    this.state = freshState(this.options.minPinLength);
    this.clientPin.forget();
    this.credentialManagement.forget();
  }
}
