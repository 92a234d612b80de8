import { stepIds } from '../../../../shared/domain/steps';
import type { StepStates } from '../../store/steps-repository';

/** Finished at the kiosk: every step done, or skipped with a reason (a skipped step stays open in the report). */
export function isFinished(steps: StepStates): boolean {
  return stepIds.every((step) => steps[step].status === 'done' || steps[step].status === 'skipped');
}

/** Enrolled completely: every step done, nothing skipped. */
export function isComplete(steps: StepStates): boolean {
  return stepIds.every((step) => steps[step].status === 'done');
}
