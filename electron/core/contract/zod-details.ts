import type { z } from 'zod';

/** Zod issues reduced to what a person or a form needs: where, and what is wrong. */
export function zodIssuesToDetails(issues: readonly z.core.$ZodIssue[]): Array<{ path: string; message: string }> {
  return issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
}
