import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../electron/core/idp/http/retry-after';

const now = new Date('2026-03-01T12:00:00Z');

describe('Retry-After as IdPs and the proxies in front of them send it', () => {
  it('reads delay-seconds, fractions included (1.5 is 1.5 s, not 0)', () => {
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1_500);
    expect(parseRetryAfter('0.25', now)).toBe(250);
  });

  it('reads the three HTTP date forms as UTC, and a date in the past as no wait', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:02:00 GMT', now)).toBe(120_000);
    expect(parseRetryAfter('Sunday, 01-Mar-26 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun Mar  1 12:01:00 2026', now)).toBe(60_000);
    expect(parseRetryAfter('Sat, 28 Feb 2026 12:00:00 GMT', now)).toBe(0);
  });

  it('treats anything else as absent rather than as "retry now"', () => {
    for (const junk of ['', 'soon', '-1', '1e3', '1.', '.5', 'Infinity', '0x10', '10s', '2026-03-01T12:02:00Z', 'Sun, 31 Feb 2026 12:00:00 GMT', 'Sun, 01 Mar 2026 12:02:00 CET']) {
      expect(parseRetryAfter(junk, now), junk).toBeNull();
    }
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
