import type { PartialHandlers } from '../contract/handler-table';
import { createCheckInHandlers } from './check-in-handlers';
import { createRosterHandlers } from './roster-handlers';
import { SessionContext, type SessionHandlerDeps } from './session-context';
import { createSessionLifecycleHandlers } from './session-lifecycle-handlers';

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

/** The session capability's slice of the handler table. */
export function createSessionHandlers(deps: SessionHandlerDeps): PartialHandlers<SessionCallNames> {
  const ctx = new SessionContext(deps);
  return {
    ...createSessionLifecycleHandlers(ctx),
    ...createRosterHandlers(ctx),
    ...createCheckInHandlers(ctx),
  };
}
