import { describe, expect, it } from 'vitest';
import { copyTooOld, planKeyCopy } from '../../electron/core/access/fleet-key-plan';
import type { FleetKeyRow } from '../../electron/core/access/fleet-key-source';

function row(kioskId: string, id: string, extra: Partial<FleetKeyRow> = {}): FleetKeyRow {
  return {
    kioskId,
    kioskName: `Room ${kioskId}`,
    id,
    credentialId: `cred-${id}`,
    publicKey: 'pk',
    name: `Person ${id}`,
    role: 'facilitator',
    aaguid: '00000000-0000-0000-0000-000000000000',
    keyModel: 'YubiKey 5',
    createdAt: '2026-03-02T09:00:00.000Z',
    createdBy: 'Ida IT',
    removed: null,
    ...extra,
  };
}

describe('which of the fleet\'s facilitator keys a kiosk copies', () => {
  it('copies the other kiosks\' active keys, without their removal field; its own keys stay in its own table', () => {
    const plan = planKeyCopy([row('kiosk_a', 'k1'), row('kiosk_b', 'k2')], 'kiosk_b', new Set());
    const { removed: _removed, ...copied } = row('kiosk_a', 'k1');
    expect(plan.copy).toEqual([copied]);
    expect(plan.removedElsewhere).toEqual([]);
  });

  it('copies no key removed anywhere, nor one removed here whose removal has not reached the fleet yet', () => {
    const removedAtHome = row('kiosk_a', 'k1', { removed: { at: '2026-03-02T10:00:00.000Z', by: null, kioskId: 'kiosk_a' } });
    const removedByC = row('kiosk_a', 'k2', { removed: { at: '2026-03-02T10:00:00.000Z', by: 'Ida IT', kioskId: 'kiosk_c' } });
    const removedHere = row('kiosk_a', 'k3');
    const plan = planKeyCopy([removedAtHome, removedByC, removedHere, row('kiosk_a', 'k4')], 'kiosk_b', new Set(['cred-k3']));
    expect(plan.copy.map((key) => key.id)).toEqual(['k4']);
  });

  it('never copies another kiosk\'s built-in training key: nobody can carry it, and it would act in every role', () => {
    const plan = planKeyCopy([row('kiosk_a', 'k1', { createdBy: 'training' }), row('kiosk_a', 'k2')], 'kiosk_b', new Set());
    expect(plan.copy.map((key) => key.id)).toEqual(['k2']);
  });

  it('names its own keys another kiosk removed, and not those it removed itself', () => {
    const byB = row('kiosk_a', 'k1', { removed: { at: '2026-03-02T10:00:00.000Z', by: 'Ida IT', kioskId: 'kiosk_b' } });
    const byItself = row('kiosk_a', 'k2', { removed: { at: '2026-03-02T10:00:00.000Z', by: null, kioskId: 'kiosk_a' } });
    const plan = planKeyCopy([byB, byItself, row('kiosk_a', 'k3')], 'kiosk_a', new Set());
    expect(plan.removedElsewhere.map((key) => key.id)).toEqual(['k1']);
    expect(plan.copy).toEqual([]);
  });
});

describe('how long a copied key unlocks without the fleet', () => {
  const fetchedAt = '2026-03-02T09:00:00.000Z';
  const after = (hours: number) => new Date(Date.parse(fetchedAt) + hours * 3_600_000);

  it('unlocks up to the maximum age, including exactly at it', () => {
    expect(copyTooOld(fetchedAt, after(0), 72)).toBeNull();
    expect(copyTooOld(fetchedAt, after(72), 72)).toBeNull();
  });

  it('is too old beyond it, saying how many whole hours old', () => {
    expect(copyTooOld(fetchedAt, after(72.01), 72)).toBe(72);
    expect(copyTooOld(fetchedAt, after(100.5), 72)).toBe(100);
    expect(copyTooOld(fetchedAt, after(2), 1)).toBe(2);
  });
});
