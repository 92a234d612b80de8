import { useState } from 'react';
import type { AppInfo } from '../../../shared/contract/app-calls';
import type { Session, SessionReport } from '../../../shared/domain/session';
import { BadgeCheckScreen } from '../badge/badge-check-screen';
import { ReportScreen } from '../facilitator/report-screen';
import { RosterImportScreen } from '../facilitator/roster-import-screen';
import { SessionBoardScreen } from '../facilitator/session-board-screen';
import { StartSessionScreen } from '../facilitator/start-session-screen';
import { AppHeader } from './app-header';
import type { SessionView } from './session-nav';

type Screen =
  | { kind: 'start' }
  | { kind: 'session'; session: Session; view: SessionView }
  | { kind: 'report'; report: SessionReport };

/** Which screen shows follows from the session: none → start, open → its views, ended → report. */
export function App({ info, initialSession }: { info: AppInfo; initialSession: Session | null }) {
  const [screen, setScreen] = useState<Screen>(
    initialSession && initialSession.status === 'open' ? { kind: 'session', session: initialSession, view: 'board' } : { kind: 'start' },
  );
  const show = (session: Session, view: SessionView) => setScreen({ kind: 'session', session, view });

  return (
    <>
      <AppHeader
        training={info.training}
        view={screen.kind === 'session' ? screen.view : null}
        onNavigate={screen.kind === 'session' ? (view) => show(screen.session, view) : null}
      />
      <main id="main" className="main" tabIndex={-1}>
        {screen.kind === 'start' ? <StartSessionScreen onStarted={(session) => show(session, 'roster')} onOpenReport={(report) => setScreen({ kind: 'report', report })} /> : null}
        {screen.kind === 'session' && screen.view === 'roster' ? (
          <RosterImportScreen key={screen.session.id} session={screen.session} training={info.training} onDone={() => show(screen.session, 'board')} />
        ) : null}
        {screen.kind === 'session' && screen.view === 'board' ? (
          <SessionBoardScreen
            session={screen.session}
            onOpenRoster={() => show(screen.session, 'roster')}
            onOpenBadgeCheck={() => show(screen.session, 'badge')}
            onEnded={(report) => setScreen({ kind: 'report', report })}
          />
        ) : null}
        {screen.kind === 'session' && screen.view === 'badge' ? <BadgeCheckScreen session={screen.session} /> : null}
        {screen.kind === 'report' ? <ReportScreen report={screen.report} onNewSession={() => setScreen({ kind: 'start' })} /> : null}
      </main>
    </>
  );
}
