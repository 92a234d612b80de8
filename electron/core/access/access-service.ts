import type { CallName } from '../../../shared/contract/calls';
import { callAudience, passiveCalls } from '../../../shared/contract/call-audience';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { AccessState, FacilitatorIdentity, FacilitatorKeyView, LockReason } from '../../../shared/domain/access';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { EventBus } from '../events/event-bus';
import type { KeyService } from '../fido/keys/key-service';
import type { Clock } from '../ports/clock';
import type { AuditLog } from '../store/audit-log';
import type { Db } from '../store/open-database';
import { FacilitatorKeysRepository, type FacilitatorKeyRecord } from '../store/facilitator-keys-repository';
import type { AccessConfig } from './access-config-schema';
import { AttemptLimit } from './attempt-limit';
import { BuiltInKey, type BuiltInFacilitatorKey } from './built-in-key';
import { kioskRp, newChallenge, verifyFacilitatorSignIn, type KioskRp } from './kiosk-relying-party';
import { checkSetupCode, enrollPluggedKey, type EnrollInput } from './plugged-key-enrollment';
import { readyKeys } from './ready-keys';
import { setupCodeHash } from './setup-code';

export type { BuiltInFacilitatorKey } from './built-in-key';

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

/** The last PIN unlock: that facilitator's touch alone unlocks for idleLockSeconds after it. */
interface PinUnlock {
  record: FacilitatorKeyRecord;
  at: number;
}

/** Where a sign-in was answered: the key service and path of the key, and what it signed. */
interface Answered {
  keys: KeyService;
  path: string;
  response: AuthenticationResponseJSON;
}

/** How often a pulled key is looked for while `lockOnKeyRemoval` is on. */
const KEY_WATCH_MS = 1_500;

/**
 * The kiosk's lock. Locked, only attendee calls pass (see shared/contract/call-audience.ts);
 * the dispatcher asks `authorize` before every call, so the refusal holds for IPC and the web
 * bridge alike. Unlocking is a WebAuthn sign-in for the kiosk's own RP with a stored
 * facilitator key and its PIN; the facilitator named in sessions and audit is the one of that
 * credential. Within `idleLockSeconds` of their PIN unlock, that facilitator's touch alone
 * unlocks again. It locks itself after `idleLockSeconds` without facilitator activity, when
 * the unlocking key is pulled if `lockOnKeyRemoval` is set, and when an identity is confirmed:
 * from then on the kiosk is the attendee's until a facilitator comes back with their key.
 * Unlock and setup-code attempts are limited (see AttemptLimit).
 */
export class AccessService {
  private readonly repo: FacilitatorKeysRepository;
  private readonly rp: KioskRp;
  private facilitator: FacilitatorIdentity | null = null;
  private lockedBecause: LockReason = 'started';
  private idleTimer: NodeJS.Timeout | null = null;
  private keyWatch: NodeJS.Timeout | null = null;
  /** Tells the screens when the touch unlock is no longer offered. */
  private touchTimer: NodeJS.Timeout | null = null;
  /** In memory only: after a restart the PIN is needed again. */
  private pinUnlock: PinUnlock | null = null;
  private readonly builtIn: BuiltInKey;
  private readonly attempts: AttemptLimit;

  constructor(private readonly deps: AccessDeps) {
    this.repo = new FacilitatorKeysRepository(deps.db);
    this.rp = kioskRp(deps.config.rpId);
    if (deps.config.setupCode) this.repo.addSetupCode(setupCodeHash(deps.config.setupCode), 'config', this.now(), null);
    this.builtIn = new BuiltInKey({
      db: deps.db,
      audit: deps.audit,
      clock: deps.clock,
      rp: this.rp,
      repo: this.repo,
      key: deps.builtInKey ?? null,
      changed: () => this.publish(),
    });
    this.attempts = new AttemptLimit({ db: deps.db, audit: deps.audit, clock: deps.clock });
  }

  state(): AccessState {
    const touch = this.facilitator ? null : this.touchWindow();
    return {
      locked: this.facilitator === null,
      facilitator: this.facilitator,
      lockedBecause: this.facilitator ? null : this.lockedBecause,
      // A built-in key (training) is enrolled by itself.
      setupNeeded: !this.builtIn.present && this.repo.active().length === 0,
      trainingKeyPin: this.deps.showBuiltInPin ? this.builtIn.pin : null,
      idleLockSeconds: this.deps.config.idleLockSeconds,
      touchUnlock: touch ? { name: touch.record.name, until: new Date(touch.until).toISOString() } : null,
    };
  }

  /** Who is unlocked now, null while locked. */
  current(): FacilitatorIdentity | null {
    return this.facilitator;
  }

  /** The facilitator behind a call; throws `locked` for a facilitator call while locked. */
  authorize(name: CallName): FacilitatorIdentity | null {
    if (callAudience[name] === 'facilitator' && !this.facilitator) {
      throw new KioskError('locked', message(this.lockedBecause === 'attendeeJourney' ? 'access.lockedForAttendee' : 'access.locked'), { call: name });
    }
    if (this.facilitator && !passiveCalls.has(name) && name !== 'access.lock') this.markActive();
    return this.facilitator;
  }

  /** The facilitator touched the screen. */
  activity(): void {
    if (this.facilitator) this.markActive();
  }

  /**
   * With the PIN: any enrolled facilitator key. Without (a touch alone): only the key of the
   * facilitator whose PIN unlock was within idleLockSeconds, else `key_pin_required`.
   */
  unlock(pin: string | null): Promise<AccessState> {
    return this.attempts.run('unlock', () => this.signIn(pin), (state) => state.facilitator?.name ?? 'unknown');
  }

  /** An identity was confirmed: the kiosk is the attendee's until a facilitator unlocks it again. */
  holdForAttendee(): void {
    this.lock('attendeeJourney');
  }

  private async signIn(pin: string | null): Promise<AccessState> {
    const touch = pin === null ? this.touchWindow() : null;
    if (pin === null && !touch) throw new KioskError('key_pin_required', message('access.pinNeeded'));
    // The built-in key enrolls itself soon after start; an unlock before that enrolls it first,
    // one still under way is waited for, and one that failed is tried again.
    const builtIn = await this.builtIn.ready();
    const stored = this.repo.active();
    if (stored.length === 0) throw new KioskError('conflict', message('access.noKeysYet'));
    const allowed = touch ? stored.filter((record) => record.id === touch.record.id) : stored;
    if (allowed.length === 0) throw new KioskError('key_pin_required', message('access.pinNeeded'));
    const challenge = newChallenge();
    const ask = (keys: KeyService) => this.firstAnswer(keys, { challenge, allowCredentials: allowed.map((record) => record.credentialId), pin });
    // The keys plugged in first: a facilitator's own key with their PIN must not be tried on the
    // built-in key, whose PIN retries a wrong PIN would use up.
    const answered = (await ask(this.deps.keys)) ?? (builtIn ? await this.builtIn.signIn(builtIn, pin !== null, ask) : null);
    if (!answered) throw new KioskError('forbidden', touch ? message('access.touchNotYours', { name: touch.record.name }) : message('access.noFacilitatorKey'));
    const record = allowed.find((candidate) => candidate.credentialId === answered.response.id);
    if (!record) throw new KioskError('forbidden', message('access.noFacilitatorKey'));
    const signCount = await verifyFacilitatorSignIn(this.rp, challenge, answered.response, record, pin !== null);
    this.repo.recordUse(record.id, signCount, this.now());
    this.facilitator = { id: record.id, name: record.name, role: record.role };
    if (pin !== null) this.pinUnlock = { record, at: this.deps.clock.now().getTime() };
    this.deps.audit.append({ actor: record.name, action: 'access.unlocked', subject: record.id, data: { role: record.role, keyModel: record.keyModel, by: pin === null ? 'touch' : 'pin' } });
    this.markActive();
    this.watchKey(answered.keys, answered.path);
    this.publish();
    return this.state();
  }

  /** The first key of this service that holds one of the credentials and signs; keys holding none are skipped. */
  private async firstAnswer(keys: KeyService, input: { challenge: string; allowCredentials: string[]; pin: string | null }): Promise<Answered | null> {
    for (const key of await readyKeys(keys)) {
      const response = await keys.authenticate(key.path, { rpId: this.rp.rpId, origin: this.rp.origin, ...input });
      if (response) return { keys, path: key.path, response };
    }
    return null;
  }

  /** The facilitator whose touch alone unlocks now, and until when (epoch ms); null when the PIN is needed. */
  private touchWindow(): { record: FacilitatorKeyRecord; until: number } | null {
    if (!this.pinUnlock) return null;
    const until = this.pinUnlock.at + this.deps.config.idleLockSeconds * 1000;
    return this.deps.clock.now().getTime() < until ? { record: this.pinUnlock.record, until } : null;
  }

  lock(reason: Exclude<LockReason, 'started'>): AccessState {
    if (this.facilitator) {
      this.deps.audit.append({ actor: this.facilitator.name, action: 'access.locked', subject: this.facilitator.id, data: { reason } });
      this.facilitator = null;
      this.lockedBecause = reason;
      this.stopTimers();
      this.endTouchWindowLater();
      this.publish();
    }
    return this.state();
  }

  /** When the touch unlock ends, the screens hear of it (the dialog then asks for the PIN). */
  private endTouchWindowLater(): void {
    const touch = this.touchWindow();
    if (!touch) return;
    this.touchTimer = setTimeout(() => this.publish(), touch.until - this.deps.clock.now().getTime()).unref();
  }

  /**
   * Registers the key plugged in now as a facilitator key. The first key needs a valid setup
   * code, and each try of one counts against the limit before the code is even looked at;
   * later keys need an unlocked facilitator, who is recorded as the one who added it.
   */
  async enroll(input: EnrollInput): Promise<{ key: FacilitatorKeyView; state: AccessState }> {
    const enrollment = { db: this.deps.db, audit: this.deps.audit, clock: this.deps.clock, rp: this.rp, repo: this.repo, keys: this.deps.keys };
    const enrolled = (record: FacilitatorKeyRecord) => {
      this.publish();
      return { key: toView(record), state: this.state() };
    };
    if (this.repo.active().length > 0) return enrolled(await enrollPluggedKey(enrollment, input, this.requireFacilitator(), null));
    const code = input.setupCode;
    if (!code) throw new KioskError('forbidden', message('access.setupCodeNeeded'));
    return this.attempts.run(
      'setupCode',
      async () => {
        checkSetupCode(enrollment, code);
        return enrolled(await enrollPluggedKey(enrollment, input, 'setup code', code));
      },
      () => 'setup code',
    );
  }

  /** Enrolls the built-in key (training's) under this name, once; see BuiltInKey.enroll. */
  enrollBuiltInKey(name: string): Promise<BuiltInFacilitatorKey | null> {
    return this.builtIn.enroll(name);
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
    await this.builtIn.close();
  }

  private requireFacilitator(): string {
    if (!this.facilitator) throw new KioskError('locked', message('access.locked'));
    return this.facilitator.name;
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
    for (const timer of [this.idleTimer, this.keyWatch, this.touchTimer]) if (timer) clearTimeout(timer);
    this.idleTimer = null;
    this.keyWatch = null;
    this.touchTimer = null;
  }

  private publish(): void {
    this.deps.events.publish('access.changed', this.state());
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

function toView(record: FacilitatorKeyRecord): FacilitatorKeyView {
  return { id: record.id, name: record.name, role: record.role, keyModel: record.keyModel, createdAt: record.createdAt, createdBy: record.createdBy, lastUsedAt: record.lastUsedAt };
}
