import type { PartialHandlers } from '../contract/handler-table';
import { createCheckInHandlers } from './check-in-handlers';
import { createRosterHandlers } from './roster-handlers';
import { SessionContext, type SessionHandlerDeps } from './session-context';
import { createSessionLifecycleHandlers } from './session-lifecycle-handlers';
import { StepRecorder } from './step-recorder';

export type { SessionHandlerDeps } from './session-context';

type SessionCallNames =
  | 'session.start'
  | 'session.current'
  | 'session.latest'
  | 'session.end'
  | 'session.report'
  | 'session.exportCsv'
  | 'roster.preview'
  | 'roster.import'
  | 'roster.loadTraining'
  | 'board.get'
  | 'badge.scan'
  | 'identity.confirm'
  | 'identity.reject';

export interface SessionCapability {
  /** The repositories and checks every session handler shares; the journey uses the same ones. */
  context: SessionContext;
  /** How steps are recorded, by the badge check here and by the journey's later steps. */
  steps: StepRecorder;
  /** The session capability's slice of the handler table. */
  handlers: PartialHandlers<SessionCallNames>;
}

export function createSession(deps: SessionHandlerDeps): SessionCapability {
  const context = new SessionContext(deps);
  const steps = new StepRecorder(context);
  return {
    context,
    steps,
    handlers: {
      ...createSessionLifecycleHandlers(context),
      ...createRosterHandlers(context),
      ...createCheckInHandlers(context),
    },
  };
}
