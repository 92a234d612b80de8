import { Suspense, useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/contract/app-calls';
import type { Session, SessionReport } from '../../../shared/domain/session';
import { useAccess } from '../access/access-context';
import { LockedHome } from '../access/locked-home';
import { UnlockDialog } from '../access/unlock-dialog';
import { BadgeCheckScreen } from '../badge/badge-check-screen';
import { CustodyScreen } from '../custody/custody-screen';
import { useEvent } from '../kiosk/use-event';
import { AppHeader } from './app-header';
import { ConnectionNotice } from './connection-notice';
import {
  KioskStatusScreen,
  preloadScreensWhenIdle,
  ReportScreen,
  RosterImportScreen,
  SessionBoardScreen,
  StartSessionScreen,
} from './lazy-screens';
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
  const { state: access, unlockRequested } = useAccess();
  const [session, setSession] = useState<Session | null>(initialSession && initialSession.status === 'open' ? initialSession : null);
  // Started locked with a session open (after a restart), the badge check is what shows, so
  // unlocking goes on from there rather than jumping to the board.
  const [screen, setScreen] = useState<Screen>(session ? { kind: 'session', view: access.locked ? 'badge' : 'board' } : { kind: 'start' });

  function navigate(target: NavTarget) {
    if (target === 'start' || target === 'envelopes' || target === 'status') setScreen({ kind: target });
    else setScreen({ kind: 'session', view: target });
  }

  // Once the first screen is up: the other screens' code, so no later navigation waits for it.
  useEffect(() => preloadScreensWhenIdle(), []);

  // Locked, the kiosk shows the badge scan; unlocking goes on from there, not from a facilitator screen.
  useEvent('access.changed', (next) => {
    if (next.locked && session) setScreen({ kind: 'session', view: 'badge' });
  });

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
      <AppHeader
        training={info.training}
        targets={access.locked ? [] : navTargets(session !== null)}
        current={currentTarget(screen)}
        onNavigate={navigate}
      />
      <main id="main" className="main" tabIndex={-1}>
        <Suspense fallback={null}>
        {access.locked && !session ? <LockedHome /> : null}
        {!access.locked && screen.kind === 'start' ? <StartSessionScreen onStarted={started} onOpenReport={(report) => setScreen({ kind: 'report', report })} /> : null}
        {!access.locked && screen.kind === 'session' && session && screen.view === 'roster' ? (
          <RosterImportScreen key={session.id} session={session} training={info.training} onDone={() => navigate('board')} />
        ) : null}
        {!access.locked && screen.kind === 'session' && session && screen.view === 'board' ? (
          <SessionBoardScreen session={session} onOpenRoster={() => navigate('roster')} onOpenBadgeCheck={() => navigate('badge')} onEnded={ended} />
        ) : null}
        {/* One instance, locked or not: unlocking to confirm an identity keeps the attendee's screen. */}
        {session && (access.locked || (screen.kind === 'session' && screen.view === 'badge')) ? (
          <BadgeCheckScreen session={session} idleMs={info.attendeeIdleSeconds * 1000} />
        ) : null}
        {!access.locked && screen.kind === 'report' ? <ReportScreen report={screen.report} onNewSession={() => setScreen({ kind: 'start' })} /> : null}
        {!access.locked && screen.kind === 'envelopes' ? <CustodyScreen /> : null}
        {!access.locked && screen.kind === 'status' ? <KioskStatusScreen /> : null}
        </Suspense>
      </main>
      {unlockRequested ? <UnlockDialog /> : null}
      <ConnectionNotice />
    </>
  );
}
