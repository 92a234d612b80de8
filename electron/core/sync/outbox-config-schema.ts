import { z } from 'zod';
import { defaultBackoff } from './backoff';

/** Worker defaults, used when the config file has no `outbox` section. */
export const OUTBOX_DEFAULTS = {
  concurrency: 4,
  backoffBaseMs: defaultBackoff.baseMs,
  backoffCapMs: defaultBackoff.capMs,
  sendTimeoutMs: 30_000,
} as const;

/**
 * The `outbox` section of the kiosk config. The bounds keep a typo from hammering the IdP
 * (a 0 ms backoff, 500 parallel calls) or from stalling sync for days.
 */
export const outboxConfigSchema = z
  .object({
    /** Calls to the IdP at the same time. */
    concurrency: z.number().int().min(1).max(32).default(OUTBOX_DEFAULTS.concurrency),
    /** The longest wait before the first retry; it doubles per failed attempt (with jitter). */
    backoffBaseMs: z.number().int().min(100).max(600_000).default(OUTBOX_DEFAULTS.backoffBaseMs),
    /** No wait between retries grows beyond this. */
    backoffCapMs: z.number().int().min(1_000).max(86_400_000).default(OUTBOX_DEFAULTS.backoffCapMs),
    /** One item's whole send (token, lookups, the write) may take this long before it is retried as maybe-sent. */
    sendTimeoutMs: z.number().int().min(1_000).max(600_000).default(OUTBOX_DEFAULTS.sendTimeoutMs),
  })
  .strict()
  .refine((o) => o.backoffCapMs >= o.backoffBaseMs, { message: 'must be at least outbox.backoffBaseMs', path: ['backoffCapMs'] })
  .default(OUTBOX_DEFAULTS);

export type OutboxConfig = z.infer<typeof outboxConfigSchema>;
