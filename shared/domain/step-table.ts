/**
 * The attendee's steps, declared once (DESIGN.md §1), in the order they are walked. Everything
 * else that names steps derives from this table: the contract's schemas (steps.ts, journey.ts,
 * journey-calls.ts), the journey's order (core/journey/journey-order.ts), the board, the report
 * and its CSV, the renderer's stepper and its skip form. Adding a step here is the whole of
 * declaring it; the compiler then asks for its words (dictionaries, the CSV's words).
 *
 * - stage: `checkIn` is the facilitator's badge check; `journey` steps are the attendee's, in
 *   the journey's step machine.
 * - skip: null where the step cannot be skipped; else the reasons a person may choose (each
 *   step also takes `other`, with a note), and the reasons the core records on its own.
 * - countsTowardsDone: an attendee is done once every such step is done (skipped stays open).
 */
export const stepTable = [
  { id: 'badge', stage: 'checkIn', skip: null, countsTowardsDone: true },
  {
    id: 'platformPasskey',
    stage: 'journey',
    skip: { chosen: ['noSmartphone', 'noAppAccess', 'later'], byCore: [] },
    countsTowardsDone: true,
  },
  {
    id: 'backupKey',
    stage: 'journey',
    skip: { chosen: ['keyDefective', 'noKeyAvailable', 'policy'], byCore: [] },
    countsTowardsDone: true,
  },
  {
    id: 'recoveryCodes',
    stage: 'journey',
    // notOfferedByIdp: the IdP has no recovery codes (Entra).
    skip: { chosen: ['policy', 'printerBroken'], byCore: ['notOfferedByIdp'] },
    countsTowardsDone: true,
  },
  {
    id: 'envelope',
    stage: 'journey',
    // noBackupKey: the backup key was skipped, so there is nothing to seal.
    skip: { chosen: ['printerBroken', 'noEnvelope'], byCore: ['noBackupKey'] },
    countsTowardsDone: true,
  },
] as const satisfies readonly StepDefinition[];

interface StepDefinition {
  id: string;
  stage: 'checkIn' | 'journey';
  skip: { chosen: readonly string[]; byCore: readonly string[] } | null;
  countsTowardsDone: boolean;
}

type Step = (typeof stepTable)[number];
type JourneyStep = Extract<Step, { stage: 'journey' }>;
type SkippableStep = Exclude<Step, { skip: null }>;

export type StepId = Step['id'];
export type JourneyStepId = JourneyStep['id'];
export type SkippableStepId = SkippableStep['id'];
/** A reason a person chooses in the skip dialog; `other` always comes with a note in their words. */
export type ChosenReasonCode = SkippableStep['skip']['chosen'][number] | 'other';
/** Any reason a step is left open with: chosen by a person, recorded by the core, or `other`. */
export type StepReasonCode = ChosenReasonCode | SkippableStep['skip']['byCore'][number];

const isJourney = (step: Step): step is JourneyStep => step.stage === 'journey';
const isSkippable = (step: Step): step is SkippableStep => step.skip !== null;
const idsOf = <S extends Step>(steps: readonly S[]): readonly S['id'][] => steps.map((step) => step.id);
const skippable = stepTable.filter(isSkippable);

export const stepIds: readonly StepId[] = idsOf(stepTable);
export const journeyStepIds: readonly JourneyStepId[] = idsOf(stepTable.filter(isJourney));
export const skippableStepIds: readonly SkippableStepId[] = idsOf(skippable);
export const countedStepIds: readonly StepId[] = idsOf(stepTable.filter((step) => step.countsTowardsDone));
/** Every reason a person may choose, once each, in table order, then `other`. */
export const chosenReasonCodes: readonly ChosenReasonCode[] = [...new Set(skippable.flatMap((step) => step.skip.chosen)), 'other'];
export const stepReasonCodes: readonly StepReasonCode[] = [...chosenReasonCodes, ...new Set(skippable.flatMap((step) => step.skip.byCore))];

/** The reasons a person may choose to skip `step`, in the order the dialog offers them; `other` last. */
export function chosenReasonsFor(step: SkippableStepId): readonly ChosenReasonCode[] {
  const entry = skippable.find((candidate) => candidate.id === step);
  return [...(entry?.skip.chosen ?? []), 'other'];
}
