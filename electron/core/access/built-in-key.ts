import { randomUUID } from 'node:crypto';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { KeyService } from '../fido/keys/key-service';
import type { Clock } from '../ports/clock';
import type { AuditLog } from '../store/audit-log';
import type { FacilitatorKeyRecord, FacilitatorKeysRepository } from '../store/facilitator-keys-repository';
import type { Db } from '../store/open-database';
import { facilitatorRegistrationOptions, verifyFacilitatorRegistration, type KioskRp } from './kiosk-relying-party';
import { readyKeys } from './ready-keys';
import { retryLater } from './retry-later';

/**
 * A facilitator key built into the kiosk: in training the practice key whose PIN the banner
 * shows; a host may hand its own in (tests do, for production-mode cores). Nobody can unplug
 * it, so the kiosk does for it what a person does with a real key.
 */
export interface BuiltInFacilitatorKey {
  /** Its key service; a replaced key comes with a new one. */
  readonly keys: KeyService;
  pin: string;
  /** Writes the key's state: after every PIN try (the tries left) and every sign-in (the counter). */
  persist(): void;
  /** Unplugs it and plugs it in again: clears "three wrong PINs in a row". */
  powerCycle(): void;
  /** A fresh key with the same PIN in its place (this one's PIN is blocked for good). */
  replace(): Promise<void>;
  close(): Promise<void>;
}

/**
 * After three wrong PINs in a row the built-in key is "unplugged" this long, then power-cycled
 * (at the next try, on the kiosk's clock: tests move the clock instead of waiting). About what
 * re-plugging a real key takes a person, and long enough that trying PINs on it stays slow:
 * three tries per wait, on top of the kiosk's limit on unlock attempts.
 */
const BUILT_IN_KEY_REST_MS = 10_000;

/** Who enrolled the built-in key's credentials, in facilitator_keys and the audit log. */
const BUILT_IN_ENROLLER = 'training';

/** A stored credential of the built-in key (it enrolls its own, under BUILT_IN_ENROLLER). */
export function isBuiltInKeyRecord(record: Pick<FacilitatorKeyRecord, 'createdBy'>): boolean {
  return record.createdBy === BUILT_IN_ENROLLER;
}

export interface BuiltInKeyDeps {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  rp: KioskRp;
  repo: FacilitatorKeysRepository;
  /** The built-in key (still starting), or null where there is none. */
  key: Promise<BuiltInFacilitatorKey> | null;
  /** The enrolled facilitator keys changed. */
  changed(): void;
}

/**
 * Looks after the built-in key: enrolls it by itself (again when its state was lost or it was
 * replaced), rests it after three wrong PINs in a row and then power-cycles it, writes its
 * state after every try, and replaces it when wrong PINs blocked it for good, so nobody can
 * lock the facilitators out with it.
 */
export class BuiltInKey {
  /** Null until the first enrollment starts (see enroll). */
  private enrolled: Promise<BuiltInFacilitatorKey | null> | null = null;
  /** Kept so a failed enrollment at start is tried again by the next unlock. */
  private name = 'Training facilitator';
  private shownPin: string | null = null;
  /** Epoch ms until which the key is "unplugged"; null when it takes PINs. */
  private restingUntil: number | null = null;

  constructor(private readonly deps: BuiltInKeyDeps) {
    // The banner shows the PIN from the first screen on, whether or not the key is enrolled yet.
    deps.key?.then(
      (key) => {
        this.shownPin = key.pin;
      },
      () => undefined,
    );
  }

  get present(): boolean {
    return this.deps.key !== null;
  }

  get pin(): string | null {
    return this.shownPin;
  }

  /**
   * Enrolls the key once, so training can unlock; a call while one enrollment has started
   * returns that one. Unlocking waits for this; its failure reaches the caller of unlock too.
   */
  enroll(name: string): Promise<BuiltInFacilitatorKey | null> {
    this.name = name;
    return this.enrolled ?? this.startEnrollment();
  }

  /** The enrolled key: an unlock before the enrollment at start enrolls it, one that failed is tried again. */
  ready(): Promise<BuiltInFacilitatorKey | null> {
    return this.enroll(this.name).catch(() => this.startEnrollment());
  }

  /**
   * One sign-in try on the key. A try with the PIN waits out the rest after three wrong PINs
   * (refused with `retry_later` until then); a touch alone needs no PIN and does not wait.
   */
  async signIn<T>(key: BuiltInFacilitatorKey, withPin: boolean, work: (keys: KeyService) => Promise<T>): Promise<T> {
    if (withPin) this.wake(key);
    try {
      return await work(key.keys);
    } catch (error) {
      throw withPin ? await this.afterFailure(key, error) : error;
    } finally {
      // The tries left and the counter are saved before anyone learns the outcome: a restart
      // neither hands out fresh PIN tries nor leaves the key's counter behind the store's.
      key.persist();
    }
  }

  async close(): Promise<void> {
    await this.enrolled?.catch(() => undefined);
  }

  private wake(key: BuiltInFacilitatorKey): void {
    if (this.restingUntil === null) return;
    const now = this.deps.clock.now();
    const left = this.restingUntil - now.getTime();
    if (left > 0) throw resting(now, left);
    key.powerCycle();
    this.restingUntil = null;
  }

  /** What the failed PIN try left the key in: PIN blocked for good (replaced), or wanting a re-plug (rests). */
  private async afterFailure(key: BuiltInFacilitatorKey, error: unknown): Promise<unknown> {
    const [summary] = await readyKeys(key.keys).catch(() => []);
    const status = summary ? await key.keys.pinStatus(summary.path).catch(() => null) : null;
    if (status?.retries === 0) {
      await this.swap(key);
      this.enrolled = this.enrollNow(key, this.name);
      await this.enrolled;
      return new KioskError('key_pin_blocked', message('access.trainingKeyReplaced'));
    }
    if (status?.powerCycleRequired) {
      const now = this.deps.clock.now();
      this.restingUntil = now.getTime() + BUILT_IN_KEY_REST_MS;
      return resting(now, BUILT_IN_KEY_REST_MS);
    }
    return error;
  }

  private startEnrollment(): Promise<BuiltInFacilitatorKey | null> {
    const name = this.name;
    this.enrolled = this.deps.key ? this.deps.key.then((key) => this.enrollNow(key, name)) : Promise.resolve(null);
    return this.enrolled;
  }

  private async enrollNow(builtIn: BuiltInFacilitatorKey, name: string): Promise<BuiltInFacilitatorKey> {
    let [key] = await readyKeys(builtIn.keys);
    // Blocked for good before a restart: replaced before anything else.
    if (key?.pinRetries === 0) {
      await this.swap(builtIn);
      [key] = await readyKeys(builtIn.keys);
    }
    if (!key) throw new KioskError('key_not_found', message('access.trainingKeyDown'));
    const { repo, rp, db, audit } = this.deps;
    const known = repo.active().map((record) => record.credentialId);
    if (known.length > 0 && (await builtIn.keys.holdsAnyCredential(key.path, known.map((credentialId) => ({ rpId: rp.rpId, credentialId }))))) return builtIn;
    if (key.pinState === 'notSet') await builtIn.keys.setPin(key.path, builtIn.pin);
    const id = randomUUID();
    const options = await facilitatorRegistrationOptions(rp, { id, name }, known);
    const response = await builtIn.keys.registerOnBehalf({ path: key.path, options, origin: rp.origin, pin: builtIn.pin });
    const verified = await verifyFacilitatorRegistration(rp, options.challenge, response);
    db.transaction(() => {
      repo.insert({ id, ...verified, name, role: 'facilitator', keyModel: key.model ?? 'Training key', createdAt: this.now(), createdBy: BUILT_IN_ENROLLER, lastUsedAt: null });
      audit.append({ actor: BUILT_IN_ENROLLER, action: 'access.keyEnrolled', subject: id, data: { name, role: 'facilitator', keyModel: 'training' } });
    })();
    builtIn.persist();
    this.deps.changed();
    return builtIn;
  }

  /** The blocked key out, a fresh one in; the old key's credentials stop unlocking with it. */
  private async swap(builtIn: BuiltInFacilitatorKey): Promise<void> {
    await builtIn.replace();
    this.restingUntil = null;
    const { repo, db, audit } = this.deps;
    const worn = repo.active().filter(isBuiltInKeyRecord);
    db.transaction(() => {
      for (const record of worn) repo.remove(record.id, this.now());
      audit.append({ actor: BUILT_IN_ENROLLER, action: 'access.builtInKeyReplaced', subject: null, data: { reason: 'pinBlocked', removedKeys: worn.map((record) => record.id) } });
    })();
    this.deps.changed();
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

function resting(now: Date, waitMs: number): KioskError {
  return retryLater(now, waitMs, (seconds) => message('access.trainingKeyResting', { seconds }));
}
