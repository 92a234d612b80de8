import type { z } from 'zod';

/** Zod issues reduced to what a person or a form needs: where, and what is wrong. */
export function zodIssuesToDetails(issues: readonly z.core.$ZodIssue[]): Array<{ path: string; message: string }> {
  return issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
}

/** The first few issues as one line for a message's {problem}: IT reads where the value broke the schema. */
export function issuesText(issues: readonly z.core.$ZodIssue[], max = 3): string {
  return zodIssuesToDetails(issues.slice(0, max))
    .map(({ path, message }) => `${path}: ${message}`)
    .join('; ');
}
