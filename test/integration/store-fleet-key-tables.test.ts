import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangeFeed } from '../../electron/core/fleet/change-feed';
import { FacilitatorKeyRemovalsRepository } from '../../electron/core/store/facilitator-key-removals-repository';
import { FleetKeyCacheRepository, type FleetKeyCopy } from '../../electron/core/store/fleet-key-cache-repository';
import { openDatabase, type Db } from '../../electron/core/store/open-database';

/**
 * Migration 14's two tables on a real SQLite file: the copy of other kiosks' keys is never sent
 * to the fleet as this kiosk's rows and keeps this kiosk's own counter across refreshes; the
 * removals this kiosk made are append-only and noted for the fleet only while it replicates.
 */
let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-keys-'));
  db = openDatabase(join(dir, 'kiosk.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const copy = (id: string, extra: Partial<FleetKeyCopy> = {}): FleetKeyCopy => ({
  id,
  credentialId: `cred-${id}`,
  publicKey: 'pk',
  name: `Person ${id}`,
  role: 'it',
  aaguid: '00000000-0000-0000-0000-000000000000',
  keyModel: 'YubiKey 5',
  createdAt: '2026-03-02T09:00:00.000Z',
  createdBy: 'Ida IT',
  kioskId: 'kiosk_a',
  kioskName: 'Room A',
  ...extra,
});

const notes = () => db.prepare('SELECT tbl FROM fleet_changes ORDER BY seq').pluck().all();

describe('the fleet key tables of the kiosk (migration 14)', () => {
  it('keeps the copy out of the fleet, its own sign counter across refreshes, and drops keys the fleet no longer has', () => {
    new ChangeFeed(db).startReplicating(new Date('2026-03-02T09:00:00.000Z'));
    const cache = new FleetKeyCacheRepository(db);
    expect(cache.replace([copy('k1'), copy('k2')], '2026-03-02T09:00:00.000Z')).toEqual([]);
    cache.recordUse('cred-k1', 7, '2026-03-02T09:05:00.000Z');
    expect(cache.replace([copy('k1', { name: 'Ida Renamed' })], '2026-03-02T10:00:00.000Z')).toEqual(['k2']);
    expect(cache.all()).toEqual([expect.objectContaining({ id: 'k1', name: 'Ida Renamed', signCount: 7, lastUsedAt: '2026-03-02T09:05:00.000Z', fetchedAt: '2026-03-02T10:00:00.000Z' })]);
    expect(notes()).toEqual([]);
  });

  it('notes a removal for the fleet only while replicating, and refuses to change or delete one', () => {
    const removals = new FacilitatorKeyRemovalsRepository(db);
    const removal = (id: string) => ({ keyId: id, credentialId: `cred-${id}`, keyKioskId: 'kiosk_a', removedAt: '2026-03-02T09:00:00.000Z', removedBy: 'Ida IT' });
    removals.insert(removal('k1'));
    expect(notes()).toEqual([]);
    // Joining the fleet notes the removal made before, once; a later one is noted as it is made.
    new ChangeFeed(db).startReplicating(new Date('2026-03-02T09:00:00.000Z'));
    removals.insert(removal('k2'));
    expect(notes().filter((tbl) => tbl === 'facilitator_key_removals')).toHaveLength(2);
    expect(removals.credentialIds()).toEqual(new Set(['cred-k1', 'cred-k2']));
    expect(() => db.prepare("UPDATE facilitator_key_removals SET removed_by = 'Mallory'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM facilitator_key_removals').run()).toThrow(/append-only/);
  });
});
