import type { Clock } from '../../../shared/domain/session';
import type { MessageKey } from '../i18n/en';

/** 754 → "12:34"; 3 754 → "1:02:34". Negative values are shown by the caller as overtime. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export interface LiveClock {
  elapsedSeconds: number;
  /** Negative once the planned time is over. */
  remainingSeconds: number;
}

/**
 * The board's clock comes from the core at each refresh; between refreshes the display runs on
 * from it by the time that passed here, so the kiosk's and the core's clocks never mix.
 */
export function advanceClock(clock: Clock, msSinceReceived: number): LiveClock {
  const elapsedSeconds = clock.elapsedSeconds + Math.max(0, msSinceReceived) / 1000;
  return { elapsedSeconds, remainingSeconds: clock.plannedMinutes * 60 - elapsedSeconds };
}

export function paceMessage(behindMinutes: number): { key: MessageKey; minutes: number } {
  if (behindMinutes > 0) return { key: 'board.behind', minutes: behindMinutes };
  if (behindMinutes < 0) return { key: 'board.ahead', minutes: -behindMinutes };
  return { key: 'board.onPace', minutes: 0 };
}
