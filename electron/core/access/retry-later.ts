import { KioskError } from '../../../shared/contract/errors';
import type { Message } from '../../../shared/contract/messages';

/** The wait as the screens count it down: `retryAfterMs` from the answer on, `retryAt` on the kiosk's clock. */
export interface RetryDetails {
  retryAt: string;
  retryAfterMs: number;
}

/** "Not now, in `waitMs`": the refusal carries when, so a screen can count down to it. */
export function retryLater(now: Date, waitMs: number, says: (seconds: number) => Message): KioskError {
  const retryAfterMs = Math.max(1, Math.ceil(waitMs));
  const details: RetryDetails = { retryAt: new Date(now.getTime() + retryAfterMs).toISOString(), retryAfterMs };
  return new KioskError('retry_later', says(Math.ceil(retryAfterMs / 1000)), details);
}
