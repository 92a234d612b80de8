import { lazy, useState, type ComponentType } from 'react';

/**
 * The facilitator's screens load as their own chunks: the kiosk's first screen (locked, or the
 * badge scan) needs none of them, and their code, with the contract shapes they import, was
 * much of what the browser parsed and ran before it. `preloadScreensWhenIdle` fetches them all
 * once the first screen is up. The screens that take scans (badge check, envelopes) are not
 * here: a scan typed by the reader while its screen's code was still loading would be lost.
 */
interface LazyScreen<P extends object> {
  Screen: ComponentType<P>;
  preload(): Promise<void>;
}

/**
 * Once loaded, a screen renders at once: React.lazy alone suspends each screen's first render
 * for a moment even when its code is here. Each mount keeps the way it started, so a screen
 * never remounts (and loses its state) when its code arrives.
 */
function lazyScreen<M, P extends object>(load: () => Promise<M>, pick: (module: M) => ComponentType<P>): LazyScreen<P> {
  let loaded: ComponentType<P> | null = null;
  const loadScreen = () =>
    load().then((module) => {
      loaded = pick(module);
      return { default: loaded };
    });
  const Deferred = lazy(loadScreen);
  function Screen(props: P) {
    const [Direct] = useState(() => loaded);
    return Direct ? <Direct {...props} /> : <Deferred {...props} />;
  }
  return { Screen, preload: () => loadScreen().then(() => undefined) };
}

const screens = {
  report: lazyScreen(() => import('../facilitator/report-screen'), (m) => m.ReportScreen),
  rosterImport: lazyScreen(() => import('../facilitator/roster-import-screen'), (m) => m.RosterImportScreen),
  sessionBoard: lazyScreen(() => import('../facilitator/session-board-screen'), (m) => m.SessionBoardScreen),
  startSession: lazyScreen(() => import('../facilitator/start-session-screen'), (m) => m.StartSessionScreen),
  kioskStatus: lazyScreen(() => import('../status/kiosk-status-screen'), (m) => m.KioskStatusScreen),
  fleetReport: lazyScreen(() => import('../fleet/fleet-report-screen'), (m) => m.FleetReportScreen),
  helpdesk: lazyScreen(() => import('../helpdesk/helpdesk-screen'), (m) => m.HelpdeskScreen),
};

export const ReportScreen = screens.report.Screen;
export const RosterImportScreen = screens.rosterImport.Screen;
export const SessionBoardScreen = screens.sessionBoard.Screen;
export const StartSessionScreen = screens.startSession.Screen;
export const KioskStatusScreen = screens.kioskStatus.Screen;
export const FleetReportScreen = screens.fleetReport.Screen;
export const HelpdeskScreen = screens.helpdesk.Screen;

/**
 * Starts loading every screen once the browser is idle (the first screen painted); a failure
 * shows when that screen is opened, not here. Returns how to call it off.
 */
export function preloadScreensWhenIdle(): () => void {
  const handle = window.requestIdleCallback(
    () => {
      for (const screen of Object.values(screens)) screen.preload().catch(() => undefined);
    },
    { timeout: 2_000 },
  );
  return () => window.cancelIdleCallback(handle);
}
