import type { CallName } from '../../../shared/contract/calls';
import { callAudience, mayCall, passiveCalls } from '../../../shared/contract/call-audience';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import { facilitatorRoles, type AccessState, type FacilitatorIdentity, type LockReason } from '../../../shared/domain/access';
import type { EventBus } from '../events/event-bus';
import type { KeyService } from '../fido/keys/key-service';
import type { Clock } from '../ports/clock';
import type { AuditLog } from '../store/audit-log';
import type { Db } from '../store/open-database';
import { AttemptLimit } from './attempt-limit';
import type { FacilitatorKeyEnrollment } from './facilitator-key-enrollment';
import { signInWithStoredKey } from './facilitator-sign-in';
import type { KeyInForce } from './keys-in-force';
import { watchUnlockingKey } from './unlocking-key-watch';

export interface KioskLockDeps {
  db: Db;
  audit: AuditLog;
  events: EventBus;
  clock: Clock;
  /** Seconds without facilitator activity before it locks; lock when the unlocking key is pulled. */
  settings: { idleLockSeconds: number; lockOnKeyRemoval: boolean };
  /** The keys plugged into the kiosk: facilitators unlock with theirs. */
  keys: KeyService;
  /** The stored keys that unlock, and the built-in one. */
  facilitatorKeys: FacilitatorKeyEnrollment;
  /** Training shows the built-in key's PIN on the banner. */
  showBuiltInPin: boolean;
}

/** The last PIN unlock: that facilitator's touch alone unlocks for idleLockSeconds after it. */
interface PinUnlock {
  record: KeyInForce;
  at: number;
}

/**
 * The kiosk's lock. Locked, only the calls call-audience lets through while locked pass;
 * unlocked, only those the key's roles may make. The dispatcher asks `authorize` before every
 * call, so both refusals hold for IPC and the web bridge alike. Unlocking is a sign-in with a
 * stored facilitator key and its PIN (see facilitator-sign-in); the facilitator named in
 * sessions and audit is the one of that credential. Within `idleLockSeconds` of their PIN
 * unlock, that facilitator's touch alone unlocks again. It locks itself after `idleLockSeconds`
 * without facilitator activity, when the unlocking key is pulled if `lockOnKeyRemoval` is set,
 * when that key is removed, and when an identity is confirmed: from then on the kiosk is the
 * attendee's until a facilitator comes back with their key. Unlock attempts are limited.
 */
export class KioskLock {
  private facilitator: FacilitatorIdentity | null = null;
  private lockedBecause: LockReason = 'started';
  private idleTimer: NodeJS.Timeout | null = null;
  private stopKeyWatch: (() => void) | null = null;
  /** Tells the screens when the touch unlock is no longer offered. */
  private touchTimer: NodeJS.Timeout | null = null;
  /** In memory only: after a restart the PIN is needed again. */
  private pinUnlock: PinUnlock | null = null;
  private readonly attempts: AttemptLimit;

  constructor(private readonly deps: KioskLockDeps) {
    this.attempts = new AttemptLimit({ db: deps.db, audit: deps.audit, clock: deps.clock });
    deps.facilitatorKeys.onChanged((removedId) => {
      if (removedId !== null && this.facilitator?.id === removedId) this.lock('manual');
      else this.publish();
    });
  }

  state(): AccessState {
    const touch = this.facilitator ? null : this.touchWindow();
    const { builtIn } = this.deps.facilitatorKeys;
    return {
      locked: this.facilitator === null,
      facilitator: this.facilitator,
      lockedBecause: this.facilitator ? null : this.lockedBecause,
      setupNeeded: this.deps.facilitatorKeys.setupNeeded,
      trainingKeyPin: this.deps.showBuiltInPin ? builtIn.pin : null,
      idleLockSeconds: this.deps.settings.idleLockSeconds,
      touchUnlock: touch ? { name: touch.unlock.record.name, until: new Date(touch.until).toISOString() } : null,
    };
  }

  /** Who is unlocked now, null while locked. */
  current(): FacilitatorIdentity | null {
    return this.facilitator;
  }

  /**
   * The facilitator behind a call, asked before its input is read: `locked` for a call that
   * needs an unlocked key while locked, `forbidden` (naming the roles that may) for one the
   * unlocked key's roles may not make.
   */
  authorize(name: CallName): FacilitatorIdentity | null {
    const audience = callAudience[name];
    if (!this.facilitator) {
      if (audience.whileLocked) return null;
      throw new KioskError('locked', message(this.lockedBecause === 'attendeeJourney' ? 'access.lockedForAttendee' : 'access.locked'), { call: name });
    }
    if (!mayCall(this.facilitator.roles, name)) {
      throw new KioskError('forbidden', message('access.roleNeeded', { roles: audience.roles.join(',') }), { call: name, roles: audience.roles });
    }
    if (!passiveCalls.has(name) && name !== 'access.lock') this.markActive();
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

  close(): void {
    this.stopTimers();
  }

  private async signIn(pin: string | null): Promise<AccessState> {
    const touch = pin === null ? this.touchWindow() : null;
    if (pin === null && !touch) throw new KioskError('key_pin_required', message('access.pinNeeded'));
    const { facilitatorKeys } = this.deps;
    // The built-in key enrolls itself soon after start; an unlock before that enrolls it first,
    // one still under way is waited for, and one that failed is tried again.
    const builtInKey = await facilitatorKeys.builtIn.ready();
    const stored = await facilitatorKeys.inForce.forUnlock();
    if (stored.length === 0) throw new KioskError('conflict', message('access.noKeysYet'));
    const allowed = touch ? stored.filter((record) => record.id === touch.unlock.record.id) : stored;
    if (allowed.length === 0) throw new KioskError('key_pin_required', message('access.pinNeeded'));
    const noKey = touch ? message('access.touchNotYours', { name: touch.unlock.record.name }) : message('access.noFacilitatorKey');
    const signedIn = await signInWithStoredKey(facilitatorKeys, this.deps.keys, builtInKey, { allowed, pin, noKey });
    const { record } = signedIn;
    this.facilitator = { id: record.id, name: record.name, role: record.role, roles: signedIn.builtIn ? [...facilitatorRoles] : [record.role] };
    if (pin !== null) this.pinUnlock = { record, at: this.deps.clock.now().getTime() };
    this.deps.audit.append({
      actor: record.name,
      action: 'access.unlocked',
      subject: record.id,
      data: {
        role: record.role,
        roles: this.facilitator.roles,
        keyModel: record.keyModel,
        by: pin === null ? 'touch' : 'pin',
        // In a fleet: the kiosk the key was enrolled at, this one or another.
        enrolledAt: record.fleetCopy?.kioskId ?? facilitatorKeys.inForce.here?.kioskId ?? null,
      },
    });
    this.markActive();
    if (this.deps.settings.lockOnKeyRemoval) {
      this.stopKeyWatch = watchUnlockingKey(signedIn.keys, signedIn.path, () => this.facilitator !== null, () => this.lock('keyRemoved'));
    }
    this.publish();
    return this.state();
  }

  /** The facilitator whose touch alone unlocks now, and until when (epoch ms); null when the PIN is needed. */
  private touchWindow(): { unlock: PinUnlock; until: number } | null {
    if (!this.pinUnlock) return null;
    const until = this.pinUnlock.at + this.deps.settings.idleLockSeconds * 1000;
    return this.deps.clock.now().getTime() < until ? { unlock: this.pinUnlock, until } : null;
  }

  /** When the touch unlock ends, the screens hear of it (the dialog then asks for the PIN). */
  private endTouchWindowLater(): void {
    const touch = this.touchWindow();
    if (!touch) return;
    this.touchTimer = setTimeout(() => this.publish(), touch.until - this.deps.clock.now().getTime()).unref();
  }

  private markActive(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.lock('idle'), this.deps.settings.idleLockSeconds * 1000);
    this.idleTimer.unref();
  }

  private stopTimers(): void {
    for (const timer of [this.idleTimer, this.touchTimer]) if (timer) clearTimeout(timer);
    this.stopKeyWatch?.();
    this.idleTimer = null;
    this.touchTimer = null;
    this.stopKeyWatch = null;
  }

  private publish(): void {
    this.deps.events.publish('access.changed', this.state());
  }
}
