import type { StepId } from '../../../shared/domain/step-table';
import { stepStatusSchema, type StepReason, type StepStatus } from '../../../shared/domain/steps';

export interface OpenStep {
  step: StepId;
  status: string;
  reason: StepReason | null;
}

export interface OpenStepGroup {
  /** A known step status, or the core's own word when it is one this renderer does not know. */
  status: StepStatus | string;
  steps: Array<{ step: StepId; reason: StepReason | null }>;
}

/** What needs attention first: failures, then skips (with their reasons), then unfinished work. */
const statusOrder: readonly string[] = ['failed', 'skipped', 'inProgress', 'pending'];

/**
 * An incomplete attendee's open steps grouped by status, so the report reads
 * "Skipped: Backup key (key defective) · Not started: Recovery codes, Envelope"
 * instead of one line per step.
 */
export function groupOpenSteps(open: readonly OpenStep[]): OpenStepGroup[] {
  const groups = new Map<string, OpenStepGroup>();
  for (const entry of open) {
    const group = groups.get(entry.status) ?? { status: entry.status, steps: [] };
    group.steps.push({ step: entry.step, reason: entry.reason });
    groups.set(entry.status, group);
  }
  const rank = (status: string) => (statusOrder.includes(status) ? statusOrder.indexOf(status) : statusOrder.length);
  return [...groups.values()].sort((a, b) => rank(a.status) - rank(b.status));
}

export function isKnownStatus(status: string): status is StepStatus {
  return stepStatusSchema.safeParse(status).success;
}
