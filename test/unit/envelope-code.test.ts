import { describe, expect, it } from 'vitest';
import { envelopeKey, newEnvelopeCode } from '../../electron/core/custody/envelope-code';

describe('envelope codes', () => {
  it('are ENV- and 8 characters without I, L, O, U, Y or Z, and differ', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newEnvelopeCode()));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(code).toMatch(/^ENV-[0-9A-HJKMNP-TV-X]{8}$/);
  });

  it('read back from what a scanner or a person types', () => {
    const code = { kind: 'code', code: 'ENV-7F3K2M90' };
    expect(envelopeKey('ENV-7F3K2M90')).toEqual(code);
    expect(envelopeKey('  env-7f3k2m90\r\n')).toEqual(code);
    // A US-layout wedge scanner on a German keyboard types "-" as "ß".
    expect(envelopeKey('ENVß7F3K2M90')).toEqual(code);
    expect(envelopeKey('ENV7F3K2M90')).toEqual(code);
    // Crockford: O is 0, I and L are 1.
    expect(envelopeKey('ENV-7F3K2M9O')).toEqual(code);
    expect(envelopeKey('ENV-IF3K2M90')).toEqual({ kind: 'code', code: 'ENV-1F3K2M90' });
    expect(envelopeKey('env-lf3k2m90')).toEqual({ kind: 'code', code: 'ENV-1F3K2M90' });
  });

  it('anything else is a seal number in its one form, and nothing is nothing', () => {
    expect(envelopeKey(' k-001 000 ')).toEqual({ kind: 'sealNumber', sealNumber: 'K001000' });
    expect(envelopeKey('ENV-7F3K2M9')).toEqual({ kind: 'sealNumber', sealNumber: 'ENV7F3K2M9' });
    expect(envelopeKey('ENV-7F3K2M9U')).toEqual({ kind: 'sealNumber', sealNumber: 'ENV7F3K2M9U' });
    expect(envelopeKey(' -- ')).toBeNull();
  });
});
