import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { Clock } from '../ports/clock';
import type { AuditLog } from '../store/audit-log';
import { FacilitatorKeyRemovalsRepository } from '../store/facilitator-key-removals-repository';
import type { FacilitatorKeyRecord, FacilitatorKeysRepository } from '../store/facilitator-keys-repository';
import { FleetKeyCacheRepository } from '../store/fleet-key-cache-repository';
import type { Db } from '../store/open-database';
import { copyTooOld, planKeyCopy } from './fleet-key-plan';
import type { FleetKeySource } from './fleet-key-source';

/** A key that unlocks this kiosk: enrolled here (`fleetCopy` null) or copied from the fleet. */
export interface KeyInForce extends FacilitatorKeyRecord {
  fleetCopy: { kioskId: string; kioskName: string; fetchedAt: string } | null;
}

/** While connected, the copy is refreshed this often besides at every unlock. */
const REFRESH_EVERY_MS = 60_000;

export interface KeysInForceDeps {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  repo: FacilitatorKeysRepository;
  /** The fleet; null for a kiosk on its own. */
  fleet: FleetKeySource | null;
  /** Keys were added or went (their ids). */
  changed(removedIds: string[]): void;
  onInternalError(name: string, error: unknown): void;
}

/**
 * The one place that decides which facilitator keys unlock this kiosk: its own active keys,
 * and in a fleet every other kiosk's active key, read from the fleet at each unlock and every
 * minute, and copied here with when, so an unlock goes on through a fleet outage. A copy
 * unlocks only while it is younger than `fleet.keyCacheMaxAgeHours`; a key removed anywhere
 * leaves the copy at the next contact (this kiosk's own keys are then removed here too).
 * Each kiosk keeps its own sign counter for every credential: a shared one would need the
 * fleet at every unlock, which offline unlocks cannot have.
 */
export class KeysInForce {
  private readonly cache: FleetKeyCacheRepository;
  private readonly removals: FacilitatorKeyRemovalsRepository;
  private refreshing: Promise<boolean> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly deps: KeysInForceDeps) {
    this.cache = new FleetKeyCacheRepository(deps.db);
    this.removals = new FacilitatorKeyRemovalsRepository(deps.db);
  }

  /** Where this kiosk's own keys were enrolled, in the fleet's words; null on its own. */
  get here(): { kioskId: string; kioskName: string } | null {
    const { fleet } = this.deps;
    return fleet ? { kioskId: fleet.kioskId, kioskName: fleet.kioskName } : null;
  }

  /** The copy follows the fleet from its first contact on, every minute. */
  start(): void {
    const { fleet } = this.deps;
    if (!fleet) return;
    void fleet.whenReady().then((ready) => {
      if (!ready || this.closed) return;
      const tick = () => void this.refresh().catch((error: unknown) => this.deps.onInternalError('access.fleetKeys', error));
      tick();
      this.timer = setInterval(tick, REFRESH_EVERY_MS);
      this.timer.unref();
    });
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** Every key that unlocks here now, the copies whatever their age (see refusal). */
  all(): KeyInForce[] {
    const own = this.deps.repo.active().map((record) => ({ ...record, fleetCopy: null }));
    if (!this.deps.fleet) return own;
    const copies = this.cache.all().map(({ kioskId, kioskName, fetchedAt, ...record }) => ({ ...record, fleetCopy: { kioskId, kioskName, fetchedAt } }));
    return [...own, ...copies];
  }

  /** The keys for an unlock: the fleet is asked first, for a short while; unreached, the copy stands. */
  async forUnlock(): Promise<KeyInForce[]> {
    const fleet = this.deps.fleet;
    if (fleet) {
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), fleet.waitMs)));
      try {
        await Promise.race([this.refresh(), waited]);
      } finally {
        clearTimeout(timer);
      }
    }
    return this.all();
  }

  /** Why `key` may not unlock now: a copy fetched longer ago than the fleet allows. */
  refusal(key: KeyInForce): KioskError | null {
    const { fleet } = this.deps;
    if (!key.fleetCopy || !fleet) return null;
    const hours = copyTooOld(key.fleetCopy.fetchedAt, this.deps.clock.now(), fleet.maxAgeHours);
    if (hours === null) return null;
    return new KioskError('unavailable', message('access.fleetKeyCopyTooOld', { name: key.name, kiosk: key.fleetCopy.kioskName, hours, maxHours: fleet.maxAgeHours }), {
      enrolledAt: key.fleetCopy.kioskId,
      fetchedAt: key.fleetCopy.fetchedAt,
    });
  }

  recordUse(key: KeyInForce, signCount: number): void {
    const at = this.deps.clock.now().toISOString();
    if (key.fleetCopy) this.cache.recordUse(key.credentialId, signCount, at);
    else this.deps.repo.recordUse(key.id, signCount, at);
  }

  /**
   * Removes another kiosk's key: a removal row of this kiosk's, sent to the fleet (now, or when
   * it is back), and the copy dropped at once, so the key stops here before anyone else hears.
   */
  removeCopy(key: KeyInForce, by: string): void {
    if (!key.fleetCopy) throw new Error('removeCopy is for keys of other kiosks');
    const removedAt = this.deps.clock.now().toISOString();
    this.deps.db.transaction(() => {
      this.removals.insert({ keyId: key.id, credentialId: key.credentialId, keyKioskId: key.fleetCopy!.kioskId, removedAt, removedBy: by });
      this.cache.drop(key.credentialId);
      this.deps.audit.append({ actor: by, action: 'access.keyRemoved', subject: key.id, data: { name: key.name, role: key.role, enrolledAt: key.fleetCopy!.kioskId } });
    })();
    this.deps.fleet?.wake();
  }

  /** Reads the fleet's keys into the copy; false when the fleet was not reached. One at a time. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.refreshNow().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refreshNow(): Promise<boolean> {
    const { fleet, db, repo, audit } = this.deps;
    const rows = fleet ? await fleet.read() : null;
    if (!fleet || !rows || this.closed) return false;
    const plan = planKeyCopy(rows, fleet.kioskId, this.removals.credentialIds());
    const before = new Set(this.cache.all().map((key) => key.credentialId));
    const removedIds = db.transaction(() => {
      const gone = this.cache.replace(plan.copy, this.deps.clock.now().toISOString());
      for (const row of plan.removedElsewhere) {
        if (!repo.remove(row.id, row.removed!.at)) continue;
        audit.append({ actor: row.removed!.by ?? row.removed!.kioskId, action: 'access.keyRemoved', subject: row.id, data: { name: row.name, role: row.role, removedAt: row.removed!.kioskId } });
        gone.push(row.id);
      }
      return gone;
    })();
    if (removedIds.length > 0 || plan.copy.some((key) => !before.has(key.credentialId))) this.deps.changed(removedIds);
    return true;
  }
}
