import { describe, expect, it } from 'vitest';
import { paceClock, paceSummary } from '../../electron/core/session/board/pace-clock';

const startedAt = '2026-03-02T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(startedAt) + minutes * 60_000);

describe('the session clock and its even pace', () => {
  it('reads "8 of 12 done · 4 min behind" 24 minutes into a 30-minute session', () => {
    const clock = paceClock({ startedAt, now: at(24), plannedMinutes: 30, done: 8, total: 12 });
    expect(clock).toMatchObject({ elapsedSeconds: 1440, remainingSeconds: 360, done: 8, total: 12, behindMinutes: 4 });
    expect(paceSummary(clock)).toBe('8 of 12 done · 4 min behind');
  });

  it('is ahead when attendees finish faster than planned, and on pace in between', () => {
    expect(paceSummary(paceClock({ startedAt, now: at(10), plannedMinutes: 30, done: 6, total: 12 }))).toBe('6 of 12 done · 5 min ahead');
    expect(paceSummary(paceClock({ startedAt, now: at(10), plannedMinutes: 30, done: 4, total: 12 }))).toBe('4 of 12 done · on pace');
  });

  it('never counts below zero remaining, and has no pace without attendees', () => {
    const late = paceClock({ startedAt, now: at(45), plannedMinutes: 30, done: 0, total: 0 });
    expect(late).toMatchObject({ elapsedSeconds: 2700, remainingSeconds: 0, behindMinutes: 0 });
    // 20 seconds ahead rounds to -0, which must read as 0.
    expect(Object.is(paceClock({ startedAt, now: at(280 / 60), plannedMinutes: 30, done: 2, total: 12 }).behindMinutes, 0)).toBe(true);
  });
});
