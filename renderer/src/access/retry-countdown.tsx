import { useEffect, useState } from 'react';
import type { KioskError } from '../../../shared/contract/errors';
import { useI18n } from '../i18n/i18n-context';

/** How long the core said to wait, from a `retry_later` refusal; null for any other outcome. */
function waitOf(error: KioskError | null): number | null {
  if (error?.code !== 'retry_later') return null;
  const ms = (error.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof ms === 'number' && ms > 0 ? ms : null;
}

/**
 * Whole seconds left of the wait a `retry_later` refusal asked for, counted down from when it
 * arrived (the renderer's own clock: the core's `retryAfterMs` is relative); 0 once it is
 * over, null when the error asked for no wait.
 */
export function useRetryCountdown(error: KioskError | null): number | null {
  const [tick, setTick] = useState<{ error: KioskError; left: number } | null>(null);
  useEffect(() => {
    const waitMs = waitOf(error);
    if (waitMs === null || !error) return;
    const deadline = Date.now() + waitMs;
    const timer = setInterval(() => {
      const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      setTick({ error, left });
      if (left === 0) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [error]);
  const waitMs = waitOf(error);
  if (waitMs === null) return null;
  return tick?.error === error ? tick.left : Math.ceil(waitMs / 1000);
}

/**
 * The wait, counted down in words (a timer: read on request, not announced every second);
 * once it is over, announced, that the next try is possible.
 */
export function RetryNotice({ error, secondsLeft }: { error: KioskError; secondsLeft: number }) {
  const { t, say } = useI18n();
  return secondsLeft > 0 ? (
    <p className="notice notice--warning" role="timer">
      {/* What the core said the wait is for (too many tries, the built-in key's restart), with the seconds counted down. */}
      {say({ reason: error.says.reason, params: { ...error.says.params, seconds: secondsLeft } })}
    </p>
  ) : (
    <p className="notice" role="status">
      {t('access.wait.over')}
    </p>
  );
}
