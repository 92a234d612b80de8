import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { KioskError } from '../../../../shared/contract/errors';
import { getCredsMetadata, reset, type CredsMetadata } from '../ctap2/authenticator-admin';
import { Ctap2Command, Permission } from '../ctap2/ctap2-constants';
import { ctap2Call } from '../ctap2/ctap2-transport';
import { getAssertion } from '../ctap2/get-assertion';
import { aaguidToString, getInfo, pinState, type AuthenticatorInfo } from '../ctap2/get-info';
import { makeCredentialParams } from '../ctap2/make-credential';
import { CtapHidDevice, type CtapHidOptions, type KeepaliveEvent, type TransactOptions } from '../ctaphid/ctaphid-device';
import { HidAccessError } from '../hid/hid-access-error';
import type { HidBackend, HidDeviceDescriptor } from '../hid/hid-connection';
import type { AaguidCatalog } from './aaguid-catalog';
import { checkAssertion, testClientData, type AssertionCheckResult, type CredentialPublicKey } from './assertion-check';
import { sha256 } from './client-data';
import { DeviceQueue, OperationAbandoned, type OperationKind } from './device-queue';
import { preflightExcludeList } from './exclude-preflight';
import { toKioskError } from './key-errors';
import { checkPin, describeViolation } from './pin-policy';
import { acquirePinToken, clientPinFor, withRetriesOnWrongPin } from './pin-token';
import { planRegistration, toRegistrationResponse, type RegistrationOptionsJSON } from './registration-plan';

export type KeyProgressStage = 'processing' | 'touchNeeded' | 'done';
export interface KeyProgress {
  path: string;
  stage: KeyProgressStage;
}

export interface KeySummary {
  path: string;
  product: string | null;
  training: boolean;
  /** ready: usable; busy: an operation runs on it; noAccess: the OS refused us (see problem); error: it did not answer properly. */
  state: 'ready' | 'busy' | 'noAccess' | 'error';
  problem: string | null;
  aaguid: string | null;
  model: string | null;
  versions: string[];
  pinState: 'set' | 'notSet' | 'unsupported' | null;
  pinRetries: number | null;
  minPinLength: number | null;
  forcePinChange: boolean;
  remainingDiscoverableCredentials: number | null;
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
  /** How long a listing waits for a quick operation already running on a key before calling it busy. */
  listWaitMs?: number;
}

interface Session {
  device: CtapHidDevice;
  info: AuthenticatorInfo;
  /** Options for a command that may wait for a touch: cancellable, reports progress. */
  touch(timeoutMs?: number): TransactOptions;
}

const TOUCH_TIMEOUT_MS = 60_000;
const LIST_WAIT_MS = 3_000;

/** What the rest of the kiosk uses for security keys: one operation per key at a time. */
export class KeyService {
  private readonly queue = new DeviceQueue();
  /** Listings in flight per key: a second listing shares the first one's answer. */
  private readonly summaries = new Map<string, Promise<KeySummary>>();
  private readonly running = new Map<string, AbortController>();
  /** Public keys of credentials registered in this process, to check their first assertion. */
  private readonly registered = new Map<string, Map<unknown, unknown>>();

  constructor(private readonly options: KeyServiceOptions) {}

  get backendKind(): 'hid' | 'virtual' {
    return this.options.backend.kind;
  }

  async list(): Promise<KeySummary[]> {
    let devices: HidDeviceDescriptor[];
    try {
      devices = await this.options.backend.list();
    } catch (error) {
      throw new KioskError('unavailable', 'The kiosk cannot list security keys right now.', { error: error instanceof Error ? error.message : String(error) });
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

  async setPin(path: string, newPin: string): Promise<void> {
    await this.session(path, 'short', async ({ device, info }) => {
      if (pinState(info) === 'set') throw new KioskError('conflict', 'This key already has a PIN. Change it with the current PIN instead.');
      this.enforcePolicy(newPin, info);
      await clientPinFor(device, info).setPin(newPin);
    });
  }

  async changePin(path: string, currentPin: string, newPin: string): Promise<void> {
    await this.session(path, 'short', async ({ device, info }) => {
      if (pinState(info) === 'notSet') throw new KioskError('key_pin_required', 'This key has no PIN yet. Set a PIN first.');
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
    return this.session(input.path, 'long', async ({ device, info, touch }) => {
      const plan = planRegistration(input.options, input.origin, info);
      const clientDataHash = sha256(plan.clientDataJSON);
      const excludeList = await preflightExcludeList(device, info, plan.rpId, plan.request.excludeList ?? []);
      const token = await acquirePinToken(device, info, input.pin, Permission.mc, plan.rpId);
      const params = makeCredentialParams({ ...plan.request, excludeList, clientDataHash, token });
      const map = await ctap2Call(device, Ctap2Command.makeCredential, 'makeCredential', params, touch(plan.timeoutMs));
      const outcome = toRegistrationResponse(map, plan.clientDataJSON, plan.credPropsRequested ? plan.request.rk === true : null);
      this.registered.set(outcome.response.id, outcome.publicKey);
      return outcome.response;
    });
  }

  /** One getAssertion with the new credential, its signature checked with the credential's public key. */
  async testAssertion(path: string, input: { rpId: string; credentialId: string; pin: string; publicKey?: { spki: string; alg: number } }): Promise<AssertionCheckResult> {
    const cose = this.registered.get(input.credentialId);
    const publicKey: CredentialPublicKey | undefined = cose ? { cose } : input.publicKey;
    if (!publicKey) throw new KioskError('invalid_input', 'The public key of this credential is unknown; pass it from the registration response.');
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
      if (info.options['credMgmt'] !== true && !preview) throw new KioskError('key_protocol', 'This key cannot report its stored passkeys.');
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
      training: this.options.backend.kind === 'virtual',
      state: 'ready',
      problem: null,
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

  private readSummary(base: KeySummary): Promise<KeySummary> {
    const abandon = new AbortController();
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
    }, abandon.signal).catch((error: unknown): KeySummary => {
      if (error instanceof OperationAbandoned) return { ...base, state: 'busy' };
      const mapped = toKioskError(error);
      return { ...base, state: mapped.code === 'key_access_denied' ? 'noAccess' : 'error', problem: mapped.message };
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<KeySummary>((resolve) => {
      timer = setTimeout(() => {
        abandon.abort();
        resolve({ ...base, state: 'busy' });
      }, this.options.listWaitMs ?? LIST_WAIT_MS);
    });
    return Promise.race([read, bound]).finally(() => clearTimeout(timer));
  }

  /** Opens the key, INITs a channel, reads getInfo, runs `work`, closes; serialised per key. */
  private session<T>(path: string, kind: OperationKind, work: (session: Session) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.queue.run(path, kind, () => this.runSession(path, work), signal);
  }

  private async runSession<T>(path: string, work: (session: Session) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.running.set(path, controller);
    let device: CtapHidDevice | null = null;
    let lastStage: KeyProgressStage | null = null;
    const emit = (stage: KeyProgressStage) => {
      if (stage === lastStage) return;
      lastStage = stage;
      this.options.onProgress?.({ path, stage });
    };
    const touch = (timeoutMs = TOUCH_TIMEOUT_MS): TransactOptions => ({
      timeoutMs,
      signal: controller.signal,
      onKeepalive: (status: KeepaliveEvent) => emit(status === 'upNeeded' ? 'touchNeeded' : 'processing'),
    });
    try {
      const connection = await this.options.backend.open(path).catch((error: unknown) => {
        if (error instanceof HidAccessError) throw error;
        throw new KioskError('key_not_found', 'That security key is not connected any more. Plug it in again.', { path });
      });
      device = await CtapHidDevice.open(connection, this.options.hid).catch(async (error: unknown) => {
        await connection.close().catch(() => undefined);
        throw error;
      });
      const info = await getInfo(device);
      return await work({ device, info, touch });
    } catch (error) {
      throw toKioskError(error);
    } finally {
      if (lastStage !== null) emit('done');
      if (this.running.get(path) === controller) this.running.delete(path);
      await device?.close().catch(() => undefined);
    }
  }
}
