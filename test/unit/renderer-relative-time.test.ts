import { describe, expect, it } from 'vitest';
import { relativeParts } from '../../renderer/src/i18n/relative-time';

const now = Date.parse('2026-03-02T12:00:00.000Z');
const ago = (seconds: number) => relativeParts(now - seconds * 1000, now);

describe('relative time for the kiosk status ("3 minutes ago")', () => {
  it('says now for the last few seconds and for a time slightly in the future (clock skew)', () => {
    expect(ago(0)).toEqual({ value: 0, unit: 'second' });
    expect(ago(9)).toEqual({ value: 0, unit: 'second' });
    expect(ago(-30)).toEqual({ value: 0, unit: 'second' });
  });

  it('uses the largest unit that fits, counting whole units', () => {
    expect(ago(45)).toEqual({ value: -45, unit: 'second' });
    expect(ago(60)).toEqual({ value: -1, unit: 'minute' });
    expect(ago(59 * 60 + 59)).toEqual({ value: -59, unit: 'minute' });
    expect(ago(3 * 3600 + 1200)).toEqual({ value: -3, unit: 'hour' });
    expect(ago(50 * 3600)).toEqual({ value: -2, unit: 'day' });
  });

  it('reads naturally through Intl.RelativeTimeFormat in both languages', () => {
    const { value, unit } = ago(180);
    expect(new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(value, unit)).toBe('3 minutes ago');
    expect(new Intl.RelativeTimeFormat('de', { numeric: 'auto' }).format(value, unit)).toBe('vor 3 Minuten');
    const zero = ago(2);
    expect(new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(zero.value, zero.unit)).toBe('now');
  });
});
