import { Suspense, useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/contract/app-calls';
import type { Session, SessionReport } from '../../../shared/domain/session';
import { useAccess } from '../access/access-context';
import { LockedHome } from '../access/locked-home';
import { unlockedMayCall } from '../access/may-call';
import { UnlockDialog } from '../access/unlock-dialog';
import { BadgeCheckScreen } from '../badge/badge-check-screen';
import { CustodyScreen } from '../custody/custody-screen';
import { useEvent } from '../kiosk/use-event';
import { AppHeader } from './app-header';
import { ConnectionNotice } from './connection-notice';
import {
  FleetReportScreen,
  HelpdeskScreen,
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
  | { kind: 'helpdesk' }
  | { kind: 'fleetReport' }
  | { kind: 'status' };

function currentTarget(screen: Screen): NavTarget | null {
  if (screen.kind === 'session') return screen.view;
  if (screen.kind === 'start' || screen.kind === 'envelopes' || screen.kind === 'helpdesk' || screen.kind === 'fleetReport' || screen.kind === 'status') return screen.kind;
  return null;
}

function screenOf(target: NavTarget): Screen {
  return target === 'start' || target === 'envelopes' || target === 'helpdesk' || target === 'fleetReport' || target === 'status' ? { kind: target } : { kind: 'session', view: target };
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
    setScreen(screenOf(target));
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

  // A station joining another's session has its roster already: its board comes first.
  function joined(opened: Session) {
    setSession(opened);
    setScreen({ kind: 'session', view: 'board' });
  }

  function ended(report: SessionReport) {
    setSession(null);
    setScreen({ kind: 'report', report });
  }

  const targets = access.locked ? [] : navTargets(session !== null, (call) => unlockedMayCall(access, call));
  const chosen = currentTarget(screen);
  // A screen the unlocked key's roles cannot use (IT unlocking over the badge check, say) gives way to the first one it can.
  const shown = !access.locked && chosen !== null && !targets.includes(chosen) && targets[0] ? screenOf(targets[0]) : screen;

  return (
    <>
      <AppHeader
        training={info.training}
        targets={targets}
        current={currentTarget(shown)}
        onNavigate={navigate}
      />
      <main id="main" className="main" tabIndex={-1}>
        <Suspense fallback={null}>
        {access.locked && !session ? <LockedHome /> : null}
        {!access.locked && shown.kind === 'start' ? <StartSessionScreen onStarted={started} onJoined={joined} onOpenReport={(report) => setScreen({ kind: 'report', report })} /> : null}
        {!access.locked && shown.kind === 'session' && session && shown.view === 'roster' ? (
          <RosterImportScreen key={session.id} session={session} training={info.training} onDone={() => navigate('board')} />
        ) : null}
        {!access.locked && shown.kind === 'session' && session && shown.view === 'board' ? (
          <SessionBoardScreen session={session} onOpenRoster={() => navigate('roster')} onOpenBadgeCheck={() => navigate('badge')} onEnded={ended} />
        ) : null}
        {/* One instance, locked or not: unlocking to confirm an identity keeps the attendee's screen. */}
        {session && (access.locked || (shown.kind === 'session' && shown.view === 'badge')) ? (
          <BadgeCheckScreen session={session} idleMs={info.attendeeIdleSeconds * 1000} />
        ) : null}
        {!access.locked && shown.kind === 'report' ? <ReportScreen report={shown.report} onNewSession={() => setScreen({ kind: 'start' })} /> : null}
        {!access.locked && shown.kind === 'envelopes' ? <CustodyScreen /> : null}
        {!access.locked && shown.kind === 'helpdesk' ? <HelpdeskScreen /> : null}
        {!access.locked && shown.kind === 'fleetReport' ? <FleetReportScreen /> : null}
        {!access.locked && shown.kind === 'status' ? <KioskStatusScreen /> : null}
        </Suspense>
      </main>
      {unlockRequested ? <UnlockDialog /> : null}
      <ConnectionNotice />
    </>
  );
}
