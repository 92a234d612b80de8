import { useState } from 'react';
import type { AppInfo } from '../../../shared/contract/app-calls';
import type { Session, SessionReport } from '../../../shared/domain/session';
import { BadgeCheckScreen } from '../badge/badge-check-screen';
import { CustodyScreen } from '../custody/custody-screen';
import { ReportScreen } from '../facilitator/report-screen';
import { RosterImportScreen } from '../facilitator/roster-import-screen';
import { SessionBoardScreen } from '../facilitator/session-board-screen';
import { StartSessionScreen } from '../facilitator/start-session-screen';
import { KioskStatusScreen } from '../status/kiosk-status-screen';
import { AppHeader } from './app-header';
import { navTargets, type NavTarget, type SessionView } from './main-nav';

type Screen =
  | { kind: 'start' }
  | { kind: 'session'; view: SessionView }
  | { kind: 'report'; report: SessionReport }
  | { kind: 'envelopes' }
  | { kind: 'status' };

function currentTarget(screen: Screen): NavTarget | null {
  if (screen.kind === 'session') return screen.view;
  if (screen.kind === 'start' || screen.kind === 'envelopes' || screen.kind === 'status') return screen.kind;
  return null;
}

/**
 * Which screen shows follows from the session: none → start, open → its views, ended → report.
 * The kiosk status is reachable from every screen and leads back through the same navigation.
 */
export function App({ info, initialSession }: { info: AppInfo; initialSession: Session | null }) {
  const [session, setSession] = useState<Session | null>(initialSession && initialSession.status === 'open' ? initialSession : null);
  const [screen, setScreen] = useState<Screen>(session ? { kind: 'session', view: 'board' } : { kind: 'start' });

  function navigate(target: NavTarget) {
    if (target === 'start' || target === 'envelopes' || target === 'status') setScreen({ kind: target });
    else setScreen({ kind: 'session', view: target });
  }

  function started(opened: Session) {
    setSession(opened);
    setScreen({ kind: 'session', view: 'roster' });
  }

  function ended(report: SessionReport) {
    setSession(null);
    setScreen({ kind: 'report', report });
  }

  return (
    <>
      <AppHeader training={info.training} targets={navTargets(session !== null)} current={currentTarget(screen)} onNavigate={navigate} />
      <main id="main" className="main" tabIndex={-1}>
        {screen.kind === 'start' ? <StartSessionScreen onStarted={started} onOpenReport={(report) => setScreen({ kind: 'report', report })} /> : null}
        {screen.kind === 'session' && session && screen.view === 'roster' ? (
          <RosterImportScreen key={session.id} session={session} training={info.training} onDone={() => navigate('board')} />
        ) : null}
        {screen.kind === 'session' && session && screen.view === 'board' ? (
          <SessionBoardScreen session={session} onOpenRoster={() => navigate('roster')} onOpenBadgeCheck={() => navigate('badge')} onEnded={ended} />
        ) : null}
        {screen.kind === 'session' && session && screen.view === 'badge' ? <BadgeCheckScreen session={session} idleMs={info.attendeeIdleSeconds * 1000} /> : null}
        {screen.kind === 'report' ? <ReportScreen report={screen.report} onNewSession={() => setScreen({ kind: 'start' })} /> : null}
        {screen.kind === 'envelopes' ? <CustodyScreen /> : null}
        {screen.kind === 'status' ? <KioskStatusScreen facilitator={session?.facilitator ?? null} /> : null}
      </main>
    </>
  );
}
