import { describe, expect, it } from 'vitest';
import { advanceClock, formatDuration, paceMessage } from '../../renderer/src/facilitator/clock-format';
import type { Clock } from '../../shared/domain/session';

const clock: Clock = {
  startedAt: '2025-01-01T09:00:00.000Z',
  now: '2025-01-01T09:12:00.000Z',
  plannedMinutes: 30,
  elapsedSeconds: 720,
  remainingSeconds: 1080,
  done: 8,
  total: 12,
  behindMinutes: 4,
};

describe('board clock display', () => {
  it('formats durations as m:ss, and h:mm:ss from one hour on', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(754)).toBe('12:34');
    expect(formatDuration(3754)).toBe('1:02:34');
    expect(formatDuration(-5)).toBe('0:00');
  });

  it('runs on from the core clock by the local time passed since it arrived', () => {
    expect(advanceClock(clock, 0)).toEqual({ elapsedSeconds: 720, remainingSeconds: 1080 });
    expect(advanceClock(clock, 5000)).toEqual({ elapsedSeconds: 725, remainingSeconds: 1075 });
    expect(advanceClock(clock, -300)).toEqual({ elapsedSeconds: 720, remainingSeconds: 1080 });
  });

  it('goes negative for remaining time once the session runs over', () => {
    expect(advanceClock(clock, 1_200_000).remainingSeconds).toBe(-120);
  });

  it('names the pace: behind, ahead or on pace', () => {
    expect(paceMessage(4)).toEqual({ key: 'board.behind', minutes: 4 });
    expect(paceMessage(-3)).toEqual({ key: 'board.ahead', minutes: 3 });
    expect(paceMessage(0)).toEqual({ key: 'board.onPace', minutes: 0 });
  });
});
