import type { JourneyPlace } from '../../../shared/domain/journey';
import { journeyStepIds } from '../../../shared/domain/step-table';
import type { StepStates } from '../store/steps-repository';

/** The first journey step (the step table's order) not yet done or skipped: where a resumed journey goes on. */
export function placeOf(steps: StepStates): JourneyPlace {
  return journeyStepIds.find((step) => steps[step].status !== 'done' && steps[step].status !== 'skipped') ?? 'done';
}
