import { describe, expect, it } from 'vitest';
import { newJoinCode } from '../../electron/core/fleet/stations/join-code';
import { JOIN_CODE_ALPHABET, joinCodeSchema } from '../../shared/domain/stations';

describe('join codes', () => {
  it('are drawn from an alphabet without look-alikes, and every code drawn is one the contract takes', () => {
    for (const lookAlike of ['0', 'O', '1', 'I', 'L', '5', 'S', '2', 'Z', '8', 'B']) expect(JOIN_CODE_ALPHABET).not.toContain(lookAlike);
    const drawn = Array.from({ length: 500 }, () => newJoinCode());
    for (const code of drawn) expect(joinCodeSchema.parse(code)).toBe(code);
    // 25^6 codes: 500 draws repeat one only by a very rare chance.
    expect(new Set(drawn).size).toBeGreaterThan(495);
  });

  it('are taken as a person types them (case, spaces, a dash) and refused with a look-alike or the wrong length', () => {
    expect(joinCodeSchema.parse(' kqx-74m ')).toBe('KQX74M');
    expect(joinCodeSchema.parse('kqx 74m')).toBe('KQX74M');
    expect(joinCodeSchema.safeParse('KQX70M').success).toBe(false);
    expect(joinCodeSchema.safeParse('KQX74').success).toBe(false);
    expect(joinCodeSchema.safeParse('KQX74MM').success).toBe(false);
  });
});
