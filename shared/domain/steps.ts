import { z } from 'zod';
import { NOTE_MAX } from './limits';
import { countedStepIds, stepIds, stepReasonCodes, type StepId } from './step-table';

export const stepIdSchema = z.enum(stepIds);

export const stepStatuses = ['pending', 'inProgress', 'done', 'skipped', 'failed'] as const;
export const stepStatusSchema = z.enum(stepStatuses);
export type StepStatus = z.infer<typeof stepStatusSchema>;

/**
 * Why a step was skipped or failed, as a code each reader sees in their own language (the
 * board, the report, the CSV in the report's language). `other` is said in the person's own
 * words, its note; beside another code the note is optional. Reasons stored before codes
 * existed are `other` with their text as the note, so they read as they were written.
 */
export const stepReasonSchema = z.object({
  code: z.enum(stepReasonCodes),
  note: z.string().max(NOTE_MAX).nullable(),
});
export type StepReason = z.infer<typeof stepReasonSchema>;

export const stepStateSchema = z.object({
  status: stepStatusSchema,
  /** Why a step was skipped or failed; shown on the board and in the report. */
  reason: stepReasonSchema.nullable(),
  updatedAt: z.string().nullable(),
});
export type StepState = z.infer<typeof stepStateSchema>;

/**
 * The one meaning of "done" for an attendee: every step that counts towards done is done. A
 * skipped step stays open on the board and in the report (DESIGN.md section 1), so the board's
 * "done" count and the report's "completed every step" are this same count.
 */
export function isDone(steps: Readonly<Record<StepId, Pick<StepState, 'status'>>>): boolean {
  return countedStepIds.every((step) => steps[step].status === 'done');
}
