import { createHash } from 'node:crypto';

/**
 * A short, stable tag derived from an outbox idempotency key, written into the name of what
 * the kiosk creates at an IdP that hides credential ids (Entra) or holds no credential id
 * (recovery codes). A retry after a crash finds the tag and does not create a second one.
 */
export function idempotencyTag(idempotencyKey: string): string {
  return `k-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 10)}`;
}

export function nameWithTag(name: string, idempotencyKey: string): string {
  return `${name} [${idempotencyTag(idempotencyKey)}]`;
}

export function hasTag(name: string | null | undefined, idempotencyKey: string): boolean {
  return typeof name === 'string' && name.includes(`[${idempotencyTag(idempotencyKey)}]`);
}
