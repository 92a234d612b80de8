export interface BackoffPolicy {
  /** The ceiling of the first retry's delay, in ms. */
  baseMs: number;
  /** No delay grows beyond this, in ms. */
  capMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 2_000, capMs: 5 * 60_000 };

/**
 * "Full jitter": a uniform delay in [0, min(cap, base * 2^(attempt-1))]. Kiosks that lost the
 * network together then do not return to the IdP in lockstep.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
