import { describe, expect, it } from 'vitest';
import { explainNearMiss, readBadge } from '../../electron/core/session/badge/read-badge';
import { englishText } from '../../shared/contract/messages';

describe('reading what a badge reader typed', () => {
  it.each([
    ['100101\r\n', '100101'],
    ['  100101\n', '100101'],
    [';100101?', '100101'],
    ['%ab12cd\t', 'AB12CD'],
  ])('cleans %j to the badge id %s', (raw, badgeId) => {
    expect(readBadge(raw)).toEqual({ ok: true, badgeId });
  });

  it.each([
    ['', 'Nothing was read'],
    ['\r\n', 'Nothing was read'],
    ['1001\r1002', 'Two reads arrived at once'],
    ['10-01', 'characters a badge never has'],
    ['10 01', 'characters a badge never has'],
    ['ÄÖÜ123', 'characters a badge never has'],
    ['12', 'too short'],
    ['1'.repeat(33), 'too long'],
  ])('calls %j garbled: %s', (raw, reason) => {
    const read = readBadge(raw);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(englishText(read.reason)).toContain(reason);
  });

  it('explains a double read and a cut-short read against the roster, and nothing else', () => {
    const roster = new Set(['1234', '100101']);
    expect(explainNearMiss('12341234', roster)).toEqual({ reason: 'badge.readTwice', params: {} });
    expect(explainNearMiss('123412341234', roster)).toEqual({ reason: 'badge.readTwice', params: {} });
    expect(explainNearMiss('1001', roster)).toEqual({ reason: 'badge.cutShort', params: {} });
    expect(explainNearMiss('999999', roster)).toBeNull();
    expect(explainNearMiss('12345', roster)).toBeNull();
  });
});
