/**
 * How long ago something happened, in the largest unit that still reads naturally ("3 minutes
 * ago", not "180 seconds ago"); the value is negative for the past, as Intl.RelativeTimeFormat
 * expects. Times slightly in the future (clock skew) count as now.
 */
export function relativeParts(thenMs: number, nowMs: number): { value: number; unit: Intl.RelativeTimeFormatUnit } {
  const seconds = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (seconds < 60) return { value: seconds < 10 ? 0 : -seconds, unit: 'second' };
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return { value: -minutes, unit: 'minute' };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return { value: -hours, unit: 'hour' };
  return { value: -Math.floor(hours / 24), unit: 'day' };
}
