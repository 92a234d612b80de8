import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { AccessState } from '../../../shared/domain/access';
import { useKiosk } from '../kiosk/kiosk-context';
import { useEvent } from '../kiosk/use-event';

interface AccessContextValue {
  state: AccessState;
  /** Shows the unlock dialog over whatever screen is open (it stays as it was). */
  requestUnlock(): void;
  unlockRequested: boolean;
  closeUnlock(): void;
}

const AccessContext = createContext<AccessContextValue | null>(null);

/** At most one activity report per this many ms: enough to keep the idle lock honest. */
const ACTIVITY_EVERY_MS = 15_000;

/**
 * The lock as the core knows it: the state comes from access.state and every access.changed
 * event, never decided here. While unlocked, the facilitator's keys and pointer postpone the
 * idle lock (access.activity), throttled.
 */
export function AccessProvider({ initial, children }: { initial: AccessState; children: ReactNode }) {
  const kiosk = useKiosk();
  const [state, setState] = useState(initial);
  const [unlockRequested, setUnlockRequested] = useState(false);
  const lastReport = useRef(0);

  useEvent('access.changed', (next) => {
    setState(next);
    if (!next.locked) setUnlockRequested(false);
  });

  useEffect(() => {
    if (state.locked) return;
    const report = () => {
      const now = Date.now();
      if (now - lastReport.current < ACTIVITY_EVERY_MS) return;
      lastReport.current = now;
      kiosk.call('access.activity', {}).catch(() => undefined);
    };
    window.addEventListener('pointerdown', report, true);
    window.addEventListener('keydown', report, true);
    return () => {
      window.removeEventListener('pointerdown', report, true);
      window.removeEventListener('keydown', report, true);
    };
  }, [kiosk, state.locked]);

  const requestUnlock = useCallback(() => setUnlockRequested(true), []);
  const closeUnlock = useCallback(() => setUnlockRequested(false), []);
  return <AccessContext.Provider value={{ state, requestUnlock, unlockRequested, closeUnlock }}>{children}</AccessContext.Provider>;
}

export function useAccess(): AccessContextValue {
  const value = useContext(AccessContext);
  if (!value) throw new Error('useAccess outside AccessProvider');
  return value;
}
