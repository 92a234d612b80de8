import { z } from 'zod';
import { malformed } from './ctap2-error';

/** Byte strings arrive from cborg as Uint8Array. */
export const bytes = z.instanceof(Uint8Array);
export const uint = z.number().int().nonnegative();

/**
 * Validates a decoded CTAP2 response map (integer keys) against a schema written with string
 * keys ("1", "2", ...). Unknown keys are ignored (newer keys add members), anything else that
 * does not fit becomes ERR_MALFORMED_RESPONSE.
 */
export function parseResponseMap<S extends z.ZodType>(schema: S, map: Map<unknown, unknown>, what: string): z.output<S> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of map) {
    if (typeof key !== 'number') throw malformed(what, `it has the non-integer key ${String(key).slice(0, 40)}.`);
    object[String(key)] = value;
  }
  const result = schema.safeParse(object);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw malformed(what, `member ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}.`);
  }
  return result.data;
}

/** A CBOR map with text keys (options, extensions) as a plain record. */
export function textKeyMap<V extends z.ZodType>(value: V) {
  return z.map(z.string(), value).transform((map) => Object.fromEntries(map) as Record<string, z.output<V>>);
}
