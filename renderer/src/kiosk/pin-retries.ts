import type { KioskError } from '../../../shared/contract/errors';

/** The tries a key has left after a wrong PIN, when the core could read them. */
export function retriesOf(error: KioskError | null): number | null {
  const retries = (error?.details as { retries?: unknown } | undefined)?.retries;
  return typeof retries === 'number' ? retries : null;
}
