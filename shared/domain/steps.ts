import { z } from 'zod';

/** The attendee's journey, in order (DESIGN.md section 1). */
export const stepIds = ['badge', 'platformPasskey', 'backupKey', 'recoveryCodes', 'envelope'] as const;
export const stepIdSchema = z.enum(stepIds);
export type StepId = z.infer<typeof stepIdSchema>;

export const stepStatuses = ['pending', 'inProgress', 'done', 'skipped', 'failed'] as const;
export const stepStatusSchema = z.enum(stepStatuses);
export type StepStatus = z.infer<typeof stepStatusSchema>;

export const stepStateSchema = z.object({
  status: stepStatusSchema,
  /** Why a step was skipped or failed; shown on the board and in the report. */
  reason: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type StepState = z.infer<typeof stepStateSchema>;

/**
 * The one meaning of "done" for an attendee: every step done. A skipped step stays open on the
 * board and in the report (DESIGN.md section 1), so the board's "done" count and the report's
 * "completed every step" are this same count.
 */
export function isDone(steps: Readonly<Record<StepId, Pick<StepState, 'status'>>>): boolean {
  return stepIds.every((step) => steps[step].status === 'done');
}
