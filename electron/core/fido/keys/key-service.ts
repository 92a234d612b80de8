import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { KioskError, type ErrorCode } from '../../../../shared/contract/errors';
import { message, type Message } from '../../../../shared/contract/messages';
import { getCredsMetadata, reset, type CredsMetadata } from '../ctap2/authenticator-admin';
import { Ctap2Command, Permission } from '../ctap2/ctap2-constants';
import { ctap2Call } from '../ctap2/ctap2-transport';
import { getAssertion } from '../ctap2/get-assertion';
import { aaguidToString, pinState, type AuthenticatorInfo } from '../ctap2/get-info';
import { makeCredentialParams } from '../ctap2/make-credential';
import type { CtapHidOptions } from '../ctaphid/ctaphid-device';
import type { HidBackend, HidDeviceDescriptor } from '../hid/hid-connection';
import type { AaguidCatalog } from './aaguid-catalog';
import { checkAssertion, testClientData, type AssertionCheckResult, type CredentialPublicKey } from './assertion-check';
import { buildClientDataJSON, sha256 } from './client-data';
import { findHeldBatch } from './held-credentials';
import { settleWithin } from './deadline';
import { DeviceQueue, OperationAbandoned, type OperationKind } from './device-queue';
import { preflightExcludeList } from './exclude-preflight';
import { toKioskError } from './key-errors';
import { runKeySession, type KeyProgress, type KeySession } from './key-session';
import { checkPin, describeViolation } from './pin-policy';
import { acquirePinToken, clientPinFor, withRetriesOnWrongPin } from './pin-token';
import { planRegistration, registrationTouchTimeoutMs, toRegistrationResponse, type RegistrationOptionsJSON } from './registration-plan';

export type { KeyProgress, KeyProgressStage } from './key-session';

export interface KeySummary {
  path: string;
  product: string | null;
  /** The USB serial number, where the key offers one (many keys do not): it tells two keys of one model apart. */
  serialNumber: string | null;
  training: boolean;
  /** ready: usable; busy: an operation runs on it; noAccess: the OS refused us (see problem); error: it did not answer properly. */
  state: 'ready' | 'busy' | 'noAccess' | 'error';
  /** What the person can do about a noAccess or error state. */
  problem: Message | null;
  /** The error code behind `problem` (e.g. key_not_answering, key_unsupported). */
  problemCode: ErrorCode | null;
  aaguid: string | null;
  model: string | null;
  versions: string[];
  pinState: 'set' | 'notSet' | 'unsupported' | null;
  pinRetries: number | null;
  minPinLength: number | null;
  forcePinChange: boolean;
  remainingDiscoverableCredentials: number | null;
}

/** What a key can do, from its getInfo: what an IdP's policy asks about before the kiosk writes to it. */
export interface KeyCapabilities {
  aaguid: string;
  model: string | null;
  /** COSE algorithm ids; CTAP 2.1 section 6.4: a key that lists none offers ES256. */
  algorithms: number[];
  residentKeys: boolean;
  /** A PIN (set or not) or built-in user verification. */
  userVerification: boolean;
}

export interface PinStatus {
  pinState: 'set' | 'notSet' | 'unsupported';
  retries: number | null;
  powerCycleRequired: boolean;
  minPinLength: number;
}

export interface KeyServiceOptions {
  backend: HidBackend;
  catalog: AaguidCatalog;
  /** config.security.minPinLength */
  kioskMinPinLength: number;
  onProgress?: (progress: KeyProgress) => void;
  hid?: CtapHidOptions;
  /** How long a listing waits for its turn behind a quick operation before calling the key busy. */
  listWaitMs?: number;
  /** How long testAssertion and reset wait for a touch. */
  touchTimeoutMs?: number;
  /** Overall deadline of an operation that needs no touch; past it the key is not answering. */
  shortDeadlineMs?: number;
  /** An operation that waits for a touch may take its touch timeout plus this. */
  longDeadlineMarginMs?: number;
}

const TOUCH_TIMEOUT_MS = 60_000;
const LIST_WAIT_MS = 3_000;
/** INIT (3 s at most), getInfo and a few PIN commands, with room for a key busy with another app. */
const SHORT_DEADLINE_MS = 8_000;
/** The steps around the touch: INIT, getInfo, exclude-list checks, the PIN token. */
const LONG_DEADLINE_MARGIN_MS = 15_000;

/** What the rest of the kiosk uses for security keys: one operation per key at a time. */
export class KeyService {
  private readonly queue = new DeviceQueue();
  /** Listings in flight per key: a second listing shares the first one's answer. */
  private readonly summaries = new Map<string, Promise<KeySummary>>();
  private readonly running = new Map<string, AbortController>();
  /** Public keys of credentials registered in this process, to check their first assertion. */
  private readonly registered = new Map<string, Map<unknown, unknown>>();

  constructor(private readonly options: KeyServiceOptions) {}

  private get shortDeadlineMs(): number {
    return this.options.shortDeadlineMs ?? SHORT_DEADLINE_MS;
  }

  get backendKind(): 'hid' | 'virtual' {
    return this.options.backend.kind;
  }

  async list(): Promise<KeySummary[]> {
    let devices: HidDeviceDescriptor[];
    try {
      devices = await settleWithin(this.options.backend.list(), this.shortDeadlineMs, () => new Error('the OS did not list the devices in time'));
    } catch (error) {
      throw new KioskError('unavailable', message('key.cannotList'), { error: error instanceof Error ? error.message : String(error) });
    }
    return Promise.all(devices.map((d) => this.summarize(d)));
  }

  async pinStatus(path: string): Promise<PinStatus> {
    return this.session(path, 'short', async ({ device, info }) => {
      const state = pinState(info);
      const retries = state === 'set' ? await clientPinFor(device, info).getRetries() : null;
      return { pinState: state, retries: retries?.retries ?? null, powerCycleRequired: retries?.powerCycleRequired ?? false, minPinLength: info.minPINLength };
    });
  }

  /** Reads getInfo only: no PIN, no touch, nothing written. */
  async capabilities(path: string): Promise<KeyCapabilities> {
    return this.session(path, 'short', async ({ info }) => {
      const aaguid = aaguidToString(info.aaguid);
      return {
        aaguid,
        model: this.options.catalog.lookup(aaguid)?.name ?? null,
        algorithms: info.algorithms?.map((a) => a.alg) ?? [-7],
        residentKeys: info.options['rk'] === true,
        userVerification: pinState(info) !== 'unsupported' || info.options['uv'] !== undefined,
      };
    });
  }

  async setPin(path: string, newPin: string): Promise<void> {
    await this.session(path, 'short', async ({ device, info }) => {
      if (pinState(info) === 'set') throw new KioskError('conflict', message('key.hasPinChangeIt'));
      this.enforcePolicy(newPin, info);
      await clientPinFor(device, info).setPin(newPin);
    });
  }

  async changePin(path: string, currentPin: string, newPin: string): Promise<void> {
    await this.session(path, 'short', async ({ device, info }) => {
      if (pinState(info) === 'notSet') throw new KioskError('key_pin_required', message('key.pinNotSet'));
      this.enforcePolicy(newPin, info);
      const clientPin = clientPinFor(device, info);
      await withRetriesOnWrongPin(clientPin, () => clientPin.changePin(currentPin, newPin));
    });
  }

  /** Proves the person knows the PIN (a token is fetched and dropped); returns the retries left. */
  async verifyPin(path: string, pin: string): Promise<{ retries: number }> {
    return this.session(path, 'short', async ({ device, info }) => {
      await acquirePinToken(device, info, pin, Permission.mc | Permission.ga);
      return { retries: (await clientPinFor(device, info).getRetries()).retries };
    });
  }

  /** makeCredential on behalf of the IdP's relying party, verified with the PIN. */
  async registerOnBehalf(input: { path: string; options: RegistrationOptionsJSON; origin: string; pin: string }): Promise<RegistrationResponseJSON> {
    const touchTimeoutMs = registrationTouchTimeoutMs(input.options);
    return this.session(input.path, 'long', async ({ device, info, touch }) => {
      const plan = planRegistration(input.options, input.origin, info);
      const clientDataHash = sha256(plan.clientDataJSON);
      const excludeList = await preflightExcludeList(device, info, plan.rpId, plan.request.excludeList ?? []);
      const token = await acquirePinToken(device, info, input.pin, Permission.mc, plan.rpId);
      const params = makeCredentialParams({ ...plan.request, excludeList, clientDataHash, token });
      const map = await ctap2Call(device, Ctap2Command.makeCredential, 'makeCredential', params, touch());
      const outcome = toRegistrationResponse(map, plan.clientDataJSON, plan.credPropsRequested ? plan.request.rk === true : null, plan.attestation);
      this.registered.set(outcome.response.id, outcome.publicKey);
      return outcome.response;
    }, { touchTimeoutMs });
  }

  /** One getAssertion with the new credential, its signature checked with the credential's public key. */
  async testAssertion(path: string, input: { rpId: string; credentialId: string; pin: string; publicKey?: { spki: string; alg: number } }): Promise<AssertionCheckResult> {
    const cose = this.registered.get(input.credentialId);
    const publicKey: CredentialPublicKey | undefined = cose ? { cose } : input.publicKey;
    if (!publicKey) throw new KioskError('invalid_input', message('key.publicKeyUnknown'));
    return this.session(path, 'long', async ({ device, info, touch }) => {
      const { clientDataHash } = testClientData(input.rpId);
      const credentialId = new Uint8Array(Buffer.from(input.credentialId, 'base64url'));
      const token = await acquirePinToken(device, info, input.pin, Permission.ga, input.rpId);
      const assertion = await getAssertion(device, { rpId: input.rpId, clientDataHash, allowList: [{ type: 'public-key', id: credentialId }], token }, touch());
      return checkAssertion(assertion, { rpId: input.rpId, credentialId, clientDataHash, publicKey });
    });
  }

  async credentialsMetadata(path: string, pin: string): Promise<CredsMetadata> {
    return this.session(path, 'short', async ({ device, info }) => {
      const preview = info.options['credMgmt'] !== true && info.options['credentialMgmtPreview'] === true;
      if (info.options['credMgmt'] !== true && !preview) throw new KioskError('key_protocol', message('key.cannotReportCredentials'));
      return getCredsMetadata(device, await acquirePinToken(device, info, pin, Permission.cm), preview);
    });
  }

  /** Deletes every credential and the PIN; keys accept it only just after plug-in, with a touch. */
  async reset(path: string): Promise<void> {
    await this.session(path, 'long', ({ device, touch }) => reset(device, touch()));
  }

  async wink(path: string): Promise<void> {
    await this.session(path, 'short', ({ device }) => device.wink());
  }

  /**
   * Whether the key holds any of these credentials: silent getAssertions (up=false, no PIN,
   * no touch) per RP ID, as many IDs at once as the key takes in a list, the way CTAP 2.1
   * platforms pre-check an excludeList.
   */
  async holdsAnyCredential(path: string, credentials: Array<{ rpId: string; credentialId: string }>): Promise<boolean> {
    const byRp = new Map<string, Uint8Array[]>();
    for (const { rpId, credentialId } of credentials) byRp.set(rpId, [...(byRp.get(rpId) ?? []), new Uint8Array(Buffer.from(credentialId, 'base64url'))]);
    return this.session(path, 'short', async ({ device, info }) => {
      for (const [rpId, ids] of byRp) if (await findHeldBatch(device, info, rpId, ids)) return true;
      return false;
    });
  }

  /**
   * A WebAuthn sign-in for the kiosk's own relying party (its facilitator keys): getAssertion
   * over the credentials this key holds, returned as the JSON a browser would send, so the
   * kiosk verifies it as any relying party would. Null when the key holds none. With the PIN
   * the assertion is user-verified; with `pin: null` it is a touch alone (user presence, no UV),
   * which the credentials' credProtect level 2 allows because the allow list names them.
   */
  async authenticate(
    path: string,
    input: { rpId: string; origin: string; challenge: string; allowCredentials: string[]; pin: string | null },
  ): Promise<AuthenticationResponseJSON | null> {
    return this.session(path, 'long', async ({ device, info, touch }) => {
      const ids = input.allowCredentials.map((id) => new Uint8Array(Buffer.from(id, 'base64url')));
      const allowList = await findHeldBatch(device, info, input.rpId, ids);
      if (!allowList) return null;
      // CTAP 2.1 alwaysUv: the key refuses a getAssertion without the PIN; say so before asking for a touch.
      if (input.pin === null && info.options['alwaysUv'] === true) throw new KioskError('key_pin_required', message('access.keyAlwaysAsksPin'));
      const clientDataJSON = buildClientDataJSON({ type: 'webauthn.get', challenge: input.challenge, origin: input.origin });
      const clientDataHash = sha256(clientDataJSON);
      const token = input.pin === null ? undefined : await acquirePinToken(device, info, input.pin, Permission.ga, input.rpId);
      const assertion = await getAssertion(device, { rpId: input.rpId, clientDataHash, allowList, token }, touch());
      // CTAP 2: a key may leave out the credential when the allowList had exactly one.
      const credentialId = assertion.credentialId ?? (allowList.length === 1 ? allowList[0]!.id : null);
      if (!credentialId) throw new KioskError('key_protocol', message('access.noCredentialNamed'));
      const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
      return {
        id: b64(credentialId),
        rawId: b64(credentialId),
        type: 'public-key',
        clientExtensionResults: {},
        authenticatorAttachment: 'cross-platform',
        response: {
          clientDataJSON: b64(clientDataJSON),
          authenticatorData: b64(assertion.authData),
          signature: b64(assertion.signature),
          ...(assertion.user ? { userHandle: b64(assertion.user.id) } : {}),
        },
      };
    });
  }

  /** Cancels the operation waiting on this key (e.g. for a touch); it ends with 'cancelled'. */
  cancel(path: string): boolean {
    const controller = this.running.get(path);
    controller?.abort();
    return controller !== undefined;
  }

  private enforcePolicy(pin: string, info: AuthenticatorInfo): void {
    const violation = checkPin(pin, { keyMinLength: info.minPINLength, kioskMinLength: this.options.kioskMinPinLength });
    if (violation) throw new KioskError('key_pin_policy', describeViolation(violation), { rule: violation.rule });
  }

  /**
   * A key held by a long operation (waiting for a touch) is busy at once. Otherwise the listing
   * shares a listing already in flight, or waits its turn behind a quick operation, up to
   * listWaitMs, so a screen that lists twice in a row never sees its own query as "busy".
   */
  private summarize(descriptor: HidDeviceDescriptor): Promise<KeySummary> {
    const { path } = descriptor;
    const base: KeySummary = {
      path,
      product: descriptor.product,
      serialNumber: descriptor.serialNumber,
      training: this.options.backend.kind === 'virtual',
      state: 'ready',
      problem: null,
      problemCode: null,
      aaguid: null,
      model: null,
      versions: [],
      pinState: null,
      pinRetries: null,
      minPinLength: null,
      forcePinChange: false,
      remainingDiscoverableCredentials: null,
    };
    if (this.queue.heldByLong(path)) return Promise.resolve({ ...base, state: 'busy' });
    const inFlight = this.summaries.get(path);
    if (inFlight) return inFlight;
    const summary = this.readSummary(base);
    this.summaries.set(path, summary);
    void summary.then(() => {
      if (this.summaries.get(path) === summary) this.summaries.delete(path);
    });
    return summary;
  }

  /**
   * Only the wait for the key's turn is bounded by listWaitMs ("busy"); once the listing's own
   * session runs, the short deadline bounds it, so a key that never answers is reported as
   * such and does not stay held by an abandoned listing.
   */
  private readSummary(base: KeySummary): Promise<KeySummary> {
    const abandon = new AbortController();
    let waiting: ReturnType<typeof setTimeout> | undefined;
    const turnMissed = new Promise<KeySummary>((resolve) => {
      waiting = setTimeout(() => {
        abandon.abort();
        resolve({ ...base, state: 'busy' });
      }, this.options.listWaitMs ?? LIST_WAIT_MS);
    });
    const read = this.session(base.path, 'short', async ({ device, info }) => {
      const aaguid = aaguidToString(info.aaguid);
      const state = pinState(info);
      const retries = state === 'set' ? (await clientPinFor(device, info).getRetries()).retries : null;
      return {
        ...base,
        aaguid,
        model: this.options.catalog.lookup(aaguid)?.name ?? null,
        versions: info.versions,
        pinState: state,
        pinRetries: retries,
        minPinLength: info.minPINLength,
        forcePinChange: info.forcePINChange,
        remainingDiscoverableCredentials: info.remainingDiscoverableCredentials,
      } satisfies KeySummary;
    }, { abandon: abandon.signal, onStart: () => clearTimeout(waiting) }).catch((error: unknown): KeySummary => {
      if (error instanceof OperationAbandoned) return { ...base, state: 'busy' };
      const mapped = toKioskError(error);
      return { ...base, state: mapped.code === 'key_access_denied' ? 'noAccess' : 'error', problem: mapped.says, problemCode: mapped.code };
    });
    return Promise.race([read, turnMissed]).finally(() => clearTimeout(waiting));
  }

  /** Runs `work` in a session on the key, after everything queued for it, within the operation's deadline. */
  private session<T>(
    path: string,
    kind: OperationKind,
    work: (session: KeySession) => Promise<T>,
    options: { touchTimeoutMs?: number; abandon?: AbortSignal; onStart?: () => void } = {},
  ): Promise<T> {
    const touchTimeoutMs = options.touchTimeoutMs ?? this.options.touchTimeoutMs ?? TOUCH_TIMEOUT_MS;
    const deadlineMs = kind === 'short' ? this.shortDeadlineMs : touchTimeoutMs + (this.options.longDeadlineMarginMs ?? LONG_DEADLINE_MARGIN_MS);
    const { backend, hid, onProgress } = this.options;
    return this.queue.run(path, kind, async () => {
      options.onStart?.();
      const cancel = new AbortController();
      this.running.set(path, cancel);
      try {
        return await runKeySession({ backend, hid, onProgress }, path, { deadlineMs, touchTimeoutMs, cancel: cancel.signal }, work);
      } finally {
        if (this.running.get(path) === cancel) this.running.delete(path);
      }
    }, options.abandon);
  }
}
