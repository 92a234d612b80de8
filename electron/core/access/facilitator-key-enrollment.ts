import { callAudience } from '../../../shared/contract/call-audience';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import { facilitatorRoles, type FacilitatorIdentity, type FacilitatorKeyView, type FacilitatorRole } from '../../../shared/domain/access';
import type { KeyService } from '../fido/keys/key-service';
import type { Clock } from '../ports/clock';
import type { AuditLog } from '../store/audit-log';
import { FacilitatorKeysRepository, type FacilitatorKeyRecord } from '../store/facilitator-keys-repository';
import type { Db } from '../store/open-database';
import { AttemptLimit } from './attempt-limit';
import { BuiltInKey, isBuiltInKeyRecord, type BuiltInFacilitatorKey } from './built-in-key';
import type { FleetKeySource } from './fleet-key-source';
import { kioskRp, type KioskRp } from './kiosk-relying-party';
import { KeysInForce, type KeyInForce } from './keys-in-force';
import { checkSetupCode, enrollPluggedKey, type EnrollInput } from './plugged-key-enrollment';
import { setupCodeHash } from './setup-code';

export interface FacilitatorKeyEnrollmentDeps {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  /** The RP ID the kiosk's facilitator credentials are made for. */
  rpId: string;
  /** A one-time setup code from the config (unattended installs), stored as a hash. */
  setupCode?: string | undefined;
  /** The keys plugged into the kiosk: new facilitator keys are enrolled from here. */
  keys: KeyService;
  /** The built-in facilitator key (still starting), enrolled by itself and tried first on unlock. */
  builtInKey?: Promise<BuiltInFacilitatorKey> | null;
  /** The fleet's keys, for a kiosk of a fleet: keys enrolled at any of its kiosks unlock this one too. */
  fleet?: FleetKeySource | null;
  /** A refresh of the fleet's keys failed for another reason than the fleet being away. */
  onInternalError?: (name: string, error: unknown) => void;
}

/** Told when the enrolled keys change; `removedId` names a key that was just removed. */
export type KeysChanged = (removedId: string | null) => void;

/**
 * The kiosk's facilitator keys: who may unlock it and in which role. The first key is enrolled
 * with a setup code while nobody can unlock yet, in a role that may add the others (IT, per
 * call-audience), who enrolls and removes the rest. The built-in key (training's) enrolls
 * itself and acts in every role. In a fleet, the other kiosks' keys unlock here too (see
 * KeysInForce) and may be removed here.
 */
export class FacilitatorKeyEnrollment {
  readonly rp: KioskRp;
  readonly builtIn: BuiltInKey;
  /** Which keys unlock this kiosk now: its own and, in a fleet, the others'. */
  readonly inForce: KeysInForce;
  private readonly repo: FacilitatorKeysRepository;
  private readonly attempts: AttemptLimit;
  private readonly listeners: KeysChanged[] = [];

  constructor(private readonly deps: FacilitatorKeyEnrollmentDeps) {
    this.repo = new FacilitatorKeysRepository(deps.db);
    this.rp = kioskRp(deps.rpId);
    if (deps.setupCode) this.repo.addSetupCode(setupCodeHash(deps.setupCode), 'config', this.now(), null);
    this.builtIn = new BuiltInKey({
      db: deps.db,
      audit: deps.audit,
      clock: deps.clock,
      rp: this.rp,
      repo: this.repo,
      key: deps.builtInKey ?? null,
      changed: () => this.changed(null),
    });
    this.attempts = new AttemptLimit({ db: deps.db, audit: deps.audit, clock: deps.clock });
    this.inForce = new KeysInForce({
      db: deps.db,
      audit: deps.audit,
      clock: deps.clock,
      repo: this.repo,
      fleet: deps.fleet ?? null,
      changed: (removedIds) => (removedIds.length === 0 ? this.changed(null) : removedIds.forEach((id) => this.changed(id))),
      onInternalError: deps.onInternalError ?? (() => undefined),
    });
    this.inForce.start();
  }

  onChanged(listener: KeysChanged): void {
    this.listeners.push(listener);
  }

  /** No key is enrolled yet and none enrolls itself: the first one needs a setup code. */
  get setupNeeded(): boolean {
    return !this.builtIn.present && this.inForce.all().length === 0;
  }

  /**
   * Registers the key plugged in now as a facilitator key. The first key needs a valid setup
   * code, and each try of one counts against the limit before the code is even looked at;
   * later keys are added by the unlocked `by` (IT: the dispatcher checked the role), who is
   * recorded as the one who added it.
   */
  async enroll(input: EnrollInput, by: FacilitatorIdentity | null): Promise<FacilitatorKeyView> {
    const inForce = this.inForce.all();
    // A key of another kiosk of the fleet is refused by the key itself, as one of this kiosk's is.
    const enrollment = { db: this.deps.db, audit: this.deps.audit, clock: this.deps.clock, rp: this.rp, repo: this.repo, keys: this.deps.keys, exclude: inForce.map((key) => key.credentialId) };
    if (inForce.length > 0) {
      if (!by) throw new KioskError('locked', message('access.locked'));
      return this.enrolled(await enrollPluggedKey(enrollment, input, by.name, null));
    }
    const code = input.setupCode;
    if (!code) throw new KioskError('forbidden', message('access.setupCodeNeeded'));
    const addsKeys = callAudience['access.enroll'].roles;
    if (!addsKeys.includes(input.role)) throw new KioskError('forbidden', message('access.firstKeyRole', { roles: addsKeys.join(',') }), { roles: addsKeys });
    return this.attempts.run(
      'setupCode',
      async () => {
        checkSetupCode(enrollment, code);
        return this.enrolled(await enrollPluggedKey(enrollment, input, 'setup code', code));
      },
      () => 'setup code',
    );
  }

  /** Enrolls the built-in key (training's) under this name, once; see BuiltInKey.enroll. */
  enrollBuiltInKey(name: string): Promise<BuiltInFacilitatorKey | null> {
    return this.builtIn.enroll(name);
  }

  /** The keys that unlock here, as the fleet has them now when it answers soon. */
  async refreshedList(): Promise<FacilitatorKeyView[]> {
    await this.inForce.forUnlock();
    return this.list();
  }

  list(): FacilitatorKeyView[] {
    const active = this.inForce.all();
    const here = this.inForce.here;
    return active.map((record) => ({
      id: record.id,
      name: record.name,
      role: record.role,
      roles: actingRoles(record),
      keyModel: record.keyModel,
      createdAt: record.createdAt,
      createdBy: record.createdBy,
      lastUsedAt: record.lastUsedAt,
      removable: active.length > 1,
      enrolledAt: record.fleetCopy ? { kioskId: record.fleetCopy.kioskId, kioskName: record.fleetCopy.kioskName, here: false } : here && { ...here, here: true },
      copiedAt: record.fleetCopy?.fetchedAt ?? null,
    }));
  }

  /** The last key cannot go: a kiosk nobody can unlock needs a new setup code. */
  remove(id: string, by: FacilitatorIdentity): FacilitatorKeyView[] {
    const active = this.inForce.all();
    const record = active.find((candidate) => candidate.id === id);
    if (!record) throw new KioskError('not_found', message('access.keyNotEnrolled'));
    if (active.length === 1) throw new KioskError('conflict', message('access.lastKey'));
    if (record.fleetCopy) {
      this.inForce.removeCopy(record, by.name);
    } else {
      this.deps.db.transaction(() => {
        this.repo.remove(id, this.now());
        this.deps.audit.append({ actor: by.name, action: 'access.keyRemoved', subject: id, data: { name: record.name, role: record.role } });
      })();
    }
    this.changed(id);
    return this.list();
  }

  /** Waits for the built-in key's enrollment, which still writes to the store. */
  close(): Promise<void> {
    this.inForce.close();
    return this.builtIn.close();
  }

  private enrolled(record: FacilitatorKeyRecord): FacilitatorKeyView {
    this.changed(null);
    return this.list().find((view) => view.id === record.id)!;
  }

  private changed(removedId: string | null): void {
    for (const listener of this.listeners) listener(removedId);
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

/** The roles a key acts in once it unlocks: its own, every role for this kiosk's built-in key. */
export function actingRoles(record: KeyInForce): FacilitatorRole[] {
  return !record.fleetCopy && isBuiltInKeyRecord(record) ? [...facilitatorRoles] : [record.role];
}
