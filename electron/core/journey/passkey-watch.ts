/**
 * How often the kiosk asks the IdP whether the passkey appeared: soon at first (people are
 * quick with a phone), then less often, never more than a bounded number of times.
 */
export interface PasskeyWatchTiming {
  firstDelayMs: number;
  maxDelayMs: number;
  /** The kiosk stops watching after this long even if the link is still valid. */
  budgetMs: number;
  /** Failed asks in a row before the screen says the IdP is unreachable. */
  failuresBeforeUnreachable: number;
}

export const defaultPasskeyWatchTiming: PasskeyWatchTiming = {
  firstDelayMs: 2_000,
  maxDelayMs: 5_000,
  budgetMs: 10 * 60_000,
  failuresBeforeUnreachable: 3,
};

/** The wait before ask number `attempt` (0-based): ×1.5 each time, capped. */
export function delayBeforeCheck(attempt: number, timing: PasskeyWatchTiming): number {
  return Math.min(timing.maxDelayMs, Math.round(timing.firstDelayMs * 1.5 ** attempt));
}
