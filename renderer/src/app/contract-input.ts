import type { z } from 'zod';

/** What a form needs of one problem the contract found: its kind and, for a length, the limit. */
export interface FieldIssue {
  code: string;
  /** The limit a too_big issue names. */
  maximum?: unknown;
}

export type ContractCheck<T> = { ok: true; input: T } | { ok: false; fields: Partial<Record<string, FieldIssue>> };

/**
 * A form's input checked with a call's own input schema from the contract, the one the core
 * parses it with: the form says what is wrong before sending, by the same rules and limits, and
 * holds none of its own. The first problem of each top-level field.
 */
export function checkInput<S extends z.ZodType>(schema: S, input: unknown): ContractCheck<z.output<S>> {
  const checked = schema.safeParse(input);
  if (checked.success) return { ok: true, input: checked.data };
  const fields: Partial<Record<string, FieldIssue>> = {};
  for (const issue of checked.error.issues) {
    const field = String(issue.path[0] ?? '');
    fields[field] ??= { code: issue.code, maximum: 'maximum' in issue ? issue.maximum : undefined };
  }
  return { ok: false, fields };
}
