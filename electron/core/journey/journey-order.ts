import type { JourneyPlace } from '../../../shared/domain/journey';
import type { StepId } from '../../../shared/domain/steps';
import type { StepStates } from '../store/steps-repository';

/** The attendee's steps after the badge check, in the order the journey walks them (DESIGN.md §1). */
export const journeySteps = ['platformPasskey', 'backupKey', 'recoveryCodes', 'envelope'] as const satisfies readonly StepId[];
export type JourneyStep = (typeof journeySteps)[number];

/** The first step not yet done or skipped: where a resumed journey goes on. */
export function placeOf(steps: StepStates): JourneyPlace {
  return journeySteps.find((step) => steps[step].status !== 'done' && steps[step].status !== 'skipped') ?? 'done';
}
