import type { Clock as BoardClock } from '../../../../shared/domain/session';

export interface PaceInput {
  startedAt: string;
  /** The session's end for a closed session, otherwise the current time. */
  now: Date;
  plannedMinutes: number;
  done: number;
  total: number;
}

/**
 * The 30-minute clock and its pace. An even pace gives each attendee plannedMinutes / total;
 * being behind means more time has passed than the finished attendees were due to take:
 * 24 minutes in with 8 of 12 done at 2.5 minutes each is 24 - 20 = 4 minutes behind.
 */
export function paceClock(input: PaceInput): BoardClock {
  const startedMs = Date.parse(input.startedAt);
  const elapsedSeconds = Math.max(0, Math.floor((input.now.getTime() - startedMs) / 1000));
  const plannedSeconds = input.plannedMinutes * 60;
  const perAttendeeSeconds = input.total > 0 ? plannedSeconds / input.total : 0;
  const behindSeconds = input.total > 0 ? elapsedSeconds - input.done * perAttendeeSeconds : 0;
  return {
    startedAt: input.startedAt,
    now: input.now.toISOString(),
    plannedMinutes: input.plannedMinutes,
    elapsedSeconds,
    remainingSeconds: Math.max(0, plannedSeconds - elapsedSeconds),
    done: input.done,
    total: input.total,
    // + 0 turns a rounded -0 into 0.
    behindMinutes: Math.round(behindSeconds / 60) + 0,
  };
}

/** "8 of 12 done · 4 min behind", the line the board shows under the clock. */
export function paceSummary(clock: BoardClock): string {
  const pace =
    clock.behindMinutes > 0 ? `${clock.behindMinutes} min behind` : clock.behindMinutes < 0 ? `${-clock.behindMinutes} min ahead` : 'on pace';
  return `${clock.done} of ${clock.total} done · ${pace}`;
}
