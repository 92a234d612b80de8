import { randomUUID } from 'node:crypto';
import type { CallName } from '../../../shared/contract/calls';
import { callAudience, passiveCalls } from '../../../shared/contract/call-audience';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { AccessState, FacilitatorIdentity, FacilitatorKeyView, FacilitatorRole, LockReason } from '../../../shared/domain/access';
import type { EventBus } from '../events/event-bus';
import type { KeyService, KeySummary } from '../fido/keys/key-service';
import type { Clock } from '../ports/clock';
import type { AuditLog } from '../store/audit-log';
import type { Db } from '../store/open-database';
import { FacilitatorKeysRepository, type FacilitatorKeyRecord } from '../store/facilitator-keys-repository';
import type { AccessConfig } from './access-config-schema';
import { facilitatorRegistrationOptions, kioskRp, newChallenge, verifyFacilitatorRegistration, verifyFacilitatorSignIn, type KioskRp } from './kiosk-relying-party';
import { setupCodeHash } from './setup-code';

/**
 * A facilitator key built into the kiosk: in training the practice key whose PIN the banner
 * shows; a host may hand its own in (tests do, for production-mode cores).
 */
export interface BuiltInFacilitatorKey {
  keys: KeyService;
  pin: string;
  /** Writes the key's state (its sign counter moved). */
  persist(): void;
  close(): Promise<void>;
}

export interface AccessDeps {
  db: Db;
  audit: AuditLog;
  events: EventBus;
  clock: Clock;
  config: AccessConfig;
  /** The keys plugged into the kiosk: new facilitator keys are enrolled from here. */
  keys: KeyService;
  /** The built-in facilitator key (still starting), enrolled by itself and tried first on unlock. */
  builtInKey?: Promise<BuiltInFacilitatorKey> | null;
  /** Training shows the built-in key's PIN on the banner. */
  showBuiltInPin: boolean;
}

/** How often a pulled key is looked for while `lockOnKeyRemoval` is on. */
const KEY_WATCH_MS = 1_500;

/**
 * The kiosk's lock. Locked, only attendee calls pass (see shared/contract/call-audience.ts);
 * the dispatcher asks `authorize` before every call, so the refusal holds for IPC and the web
 * bridge alike. Unlocking is a WebAuthn sign-in for the kiosk's own RP with a stored
 * facilitator key and its PIN; the facilitator named in sessions and audit is the one of that
 * credential. It locks itself after `idleLockSeconds` without facilitator activity, and when
 * the unlocking key is pulled if `lockOnKeyRemoval` is set.
 */
export class AccessService {
  private readonly repo: FacilitatorKeysRepository;
  private readonly rp: KioskRp;
  private facilitator: FacilitatorIdentity | null = null;
  private lockedBecause: LockReason = 'started';
  private idleTimer: NodeJS.Timeout | null = null;
  private keyWatch: NodeJS.Timeout | null = null;
  /** Null until the built-in key's enrollment starts (see enrollBuiltInKey). */
  private builtInEnrolled: Promise<BuiltInFacilitatorKey | null> | null = null;
  private builtInPin: string | null = null;
  /** Kept so a failed enrollment at start is tried again by the next unlock. */
  private builtInName = 'Training facilitator';

  constructor(private readonly deps: AccessDeps) {
    this.repo = new FacilitatorKeysRepository(deps.db);
    this.rp = kioskRp(deps.config.rpId);
    if (deps.config.setupCode) this.repo.addSetupCode(setupCodeHash(deps.config.setupCode), 'config', this.now(), null);
    // The banner shows the PIN from the first screen on, whether or not the key is enrolled yet.
    deps.builtInKey?.then(
      (key) => {
        this.builtInPin = key.pin;
      },
      () => undefined,
    );
  }

  state(): AccessState {
    return {
      locked: this.facilitator === null,
      facilitator: this.facilitator,
      lockedBecause: this.facilitator ? null : this.lockedBecause,
      // A built-in key (training) is enrolled by itself.
      setupNeeded: !this.deps.builtInKey && this.repo.active().length === 0,
      trainingKeyPin: this.deps.showBuiltInPin ? (this.builtInPin ?? null) : null,
      idleLockSeconds: this.deps.config.idleLockSeconds,
    };
  }

  /** Who is unlocked now, null while locked. */
  current(): FacilitatorIdentity | null {
    return this.facilitator;
  }

  /** The facilitator behind a call; throws `locked` for a facilitator call while locked. */
  authorize(name: CallName): FacilitatorIdentity | null {
    if (callAudience[name] === 'facilitator' && !this.facilitator) {
      throw new KioskError('locked', message('access.locked'), { call: name });
    }
    if (this.facilitator && !passiveCalls.has(name) && name !== 'access.lock') this.markActive();
    return this.facilitator;
  }

  /** The facilitator touched the screen. */
  activity(): void {
    if (this.facilitator) this.markActive();
  }

  async unlock(pin: string): Promise<AccessState> {
    // The built-in key enrolls itself soon after start; an unlock before that enrolls it first,
    // one still under way is waited for, and one that failed is tried again.
    const trainingKey = await this.enrollBuiltInKey(this.builtInName).catch(() => this.startBuiltInEnrollment());
    const stored = this.repo.active();
    if (stored.length === 0) throw new KioskError('conflict', message('access.noKeysYet'));
    const challenge = newChallenge();
    const allowCredentials = stored.map((record) => record.credentialId);
    // The keys plugged in first: a facilitator's own key with their PIN must not be tried on the
    // built-in key, whose PIN retries a wrong PIN would use up. Keys holding no credential are skipped.
    for (const keys of trainingKey ? [this.deps.keys, trainingKey.keys] : [this.deps.keys]) {
      for (const key of await this.readyKeys(keys)) {
        const response = await keys.authenticate(key.path, { rpId: this.rp.rpId, origin: this.rp.origin, challenge, allowCredentials, pin });
        if (!response) continue;
        // The built-in key's counter moved: saved before the store takes the new count, so a crash
        // in between leaves the key ahead of the store (still accepted), never behind it (refused).
        if (keys === trainingKey?.keys) trainingKey.persist();
        const record = this.repo.byCredentialId(response.id);
        if (!record) continue;
        const signCount = await verifyFacilitatorSignIn(this.rp, challenge, response, record);
        this.repo.recordUse(record.id, signCount, this.now());
        this.facilitator = { id: record.id, name: record.name, role: record.role };
        this.deps.audit.append({ actor: record.name, action: 'access.unlocked', subject: record.id, data: { role: record.role, keyModel: record.keyModel } });
        this.markActive();
        this.watchKey(keys, key.path);
        this.publish();
        return this.state();
      }
    }
    throw new KioskError('forbidden', message('access.noFacilitatorKey'));
  }

  lock(reason: Exclude<LockReason, 'started'>): AccessState {
    if (this.facilitator) {
      this.deps.audit.append({ actor: this.facilitator.name, action: 'access.locked', subject: this.facilitator.id, data: { reason } });
      this.facilitator = null;
      this.lockedBecause = reason;
      this.stopTimers();
      this.publish();
    }
    return this.state();
  }

  /**
   * Registers the key plugged in now as a facilitator key (the kiosk is its relying party).
   * The first key needs a valid setup code; later ones an unlocked facilitator, who is then
   * recorded as the one who added it. A key without a PIN gets `pin` as its new PIN first.
   */
  async enroll(input: { name: string; role: FacilitatorRole; pin: string; setupCode?: string | undefined }): Promise<{ key: FacilitatorKeyView; state: AccessState }> {
    const first = this.repo.active().length === 0;
    // The setup code is checked now but used up only with the key's row: a failed enrollment
    // (no key plugged in, a wrong PIN) leaves it valid for the next try.
    const addedBy = first ? this.checkSetupCode(input.setupCode) : this.requireFacilitator();
    const key = await this.singleKey();
    if (key.pinState === 'notSet') await this.deps.keys.setPin(key.path, input.pin);
    const id = randomUUID();
    const options = await facilitatorRegistrationOptions(this.rp, { id, name: input.name }, this.repo.active().map((record) => record.credentialId));
    let response;
    try {
      response = await this.deps.keys.registerOnBehalf({ path: key.path, options, origin: this.rp.origin, pin: input.pin });
    } catch (error) {
      if (error instanceof KioskError && error.code === 'key_already_registered') {
        throw new KioskError('key_already_registered', message('access.keyAlreadyEnrolled'), { reason: 'excluded' });
      }
      throw error;
    }
    const verified = await verifyFacilitatorRegistration(this.rp, options.challenge, response);
    const record: FacilitatorKeyRecord = {
      id,
      credentialId: verified.credentialId,
      publicKey: verified.publicKey,
      name: input.name,
      role: input.role,
      aaguid: verified.aaguid,
      keyModel: key.model ?? 'Security key',
      signCount: verified.signCount,
      createdAt: this.now(),
      createdBy: addedBy,
      lastUsedAt: null,
    };
    this.deps.db.transaction(() => {
      if (first) this.useSetupCode(input.setupCode);
      this.repo.insert(record);
      this.deps.audit.append({ actor: addedBy, action: 'access.keyEnrolled', subject: id, data: { name: record.name, role: record.role, keyModel: record.keyModel, firstKey: first } });
    })();
    this.publish();
    return { key: toView(record), state: this.state() };
  }

  /**
   * Enrolls the built-in key once (again when its state was lost), so training can unlock; a
   * call while one enrollment has started returns that one. Unlocking waits for this; its
   * failure reaches the caller of unlock too.
   */
  enrollBuiltInKey(name: string): Promise<BuiltInFacilitatorKey | null> {
    this.builtInName = name;
    return this.builtInEnrolled ?? this.startBuiltInEnrollment();
  }

  /** A new enrollment attempt of the built-in key, under the name last given. */
  private startBuiltInEnrollment(): Promise<BuiltInFacilitatorKey | null> {
    const builtIn = this.deps.builtInKey;
    const name = this.builtInName;
    this.builtInEnrolled = builtIn ? builtIn.then((key) => this.enrollBuiltIn(key, name)) : Promise.resolve(null);
    return this.builtInEnrolled;
  }

  private async enrollBuiltIn(training: BuiltInFacilitatorKey, name: string): Promise<BuiltInFacilitatorKey> {
    const pin = training.pin;
    const [key] = await this.readyKeys(training.keys);
    if (!key) throw new KioskError('key_not_found', message('access.trainingKeyDown'));
    const known = this.repo.active().map((record) => record.credentialId);
    if (known.length > 0 && (await training.keys.holdsAnyCredential(key.path, known.map((credentialId) => ({ rpId: this.rp.rpId, credentialId }))))) return training;
    if (key.pinState === 'notSet') await training.keys.setPin(key.path, pin);
    const id = randomUUID();
    const options = await facilitatorRegistrationOptions(this.rp, { id, name }, known);
    const response = await training.keys.registerOnBehalf({ path: key.path, options, origin: this.rp.origin, pin });
    const verified = await verifyFacilitatorRegistration(this.rp, options.challenge, response);
    this.deps.db.transaction(() => {
      this.repo.insert({ id, ...verified, name, role: 'facilitator', keyModel: key.model ?? 'Training key', createdAt: this.now(), createdBy: 'training', lastUsedAt: null });
      this.deps.audit.append({ actor: 'training', action: 'access.keyEnrolled', subject: id, data: { name, role: 'facilitator', keyModel: 'training' } });
    })();
    training.persist();
    this.publish();
    return training;
  }

  list(): FacilitatorKeyView[] {
    return this.repo.active().map(toView);
  }

  /** The last key cannot go: a kiosk nobody can unlock needs a new setup code. */
  remove(id: string): FacilitatorKeyView[] {
    const actor = this.requireFacilitator();
    const active = this.repo.active();
    const record = active.find((candidate) => candidate.id === id);
    if (!record) throw new KioskError('not_found', message('access.keyNotEnrolled'));
    if (active.length === 1) throw new KioskError('conflict', message('access.lastKey'));
    this.deps.db.transaction(() => {
      this.repo.remove(id, this.now());
      this.deps.audit.append({ actor, action: 'access.keyRemoved', subject: id, data: { name: record.name, role: record.role } });
    })();
    if (this.facilitator?.id === id) this.lock('manual');
    this.publish();
    return this.list();
  }

  /** Stops the timers and waits for the built-in key's enrollment, which still writes to the store. */
  async close(): Promise<void> {
    this.stopTimers();
    await this.builtInEnrolled?.catch(() => undefined);
  }

  private checkSetupCode(code: string | undefined): string {
    if (!code) throw new KioskError('forbidden', message('access.setupCodeNeeded'));
    if (!this.repo.setupCodeUsable(setupCodeHash(code), this.now())) throw invalidSetupCode();
    return 'setup code';
  }

  /** Inside the transaction that stores the key: a code used meanwhile rolls it back. */
  private useSetupCode(code: string | undefined): void {
    if (!code || !this.repo.useSetupCode(setupCodeHash(code), this.now())) throw invalidSetupCode();
  }

  private requireFacilitator(): string {
    if (!this.facilitator) throw new KioskError('locked', message('access.locked'));
    return this.facilitator.name;
  }

  private async readyKeys(keys: KeyService): Promise<KeySummary[]> {
    return (await keys.list()).filter((key) => key.state === 'ready');
  }

  private async singleKey(): Promise<KeySummary> {
    const ready = await this.readyKeys(this.deps.keys);
    if (ready.length === 0) throw new KioskError('key_not_found', message('access.noKeyPlugged'));
    if (ready.length > 1) throw new KioskError('conflict', message('access.severalKeys'));
    return ready[0]!;
  }

  private markActive(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.lock('idle'), this.deps.config.idleLockSeconds * 1000);
    this.idleTimer.unref();
  }

  private watchKey(keys: KeyService, path: string): void {
    if (!this.deps.config.lockOnKeyRemoval) return;
    const look = () => {
      keys.list().then(
        (present) => {
          if (!this.facilitator) return;
          if (present.some((key) => key.path === path)) this.keyWatch = setTimeout(look, KEY_WATCH_MS).unref();
          else this.lock('keyRemoved');
        },
        () => this.lock('keyRemoved'),
      );
    };
    this.keyWatch = setTimeout(look, KEY_WATCH_MS).unref();
  }

  private stopTimers(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.keyWatch) clearTimeout(this.keyWatch);
    this.idleTimer = null;
    this.keyWatch = null;
  }

  private publish(): void {
    this.deps.events.publish('access.changed', this.state());
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

function invalidSetupCode(): KioskError {
  return new KioskError('forbidden', message('access.setupCodeInvalid'));
}

function toView(record: FacilitatorKeyRecord): FacilitatorKeyView {
  return { id: record.id, name: record.name, role: record.role, keyModel: record.keyModel, createdAt: record.createdAt, createdBy: record.createdBy, lastUsedAt: record.lastUsedAt };
}
