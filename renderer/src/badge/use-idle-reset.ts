import { useEffect, useRef } from 'react';

/**
 * While `active`, calls `onIdle` once no key, pointer or touch input has arrived for `idleMs`,
 * so an attendee's screen is cleared when they walk away (DESIGN.md section 7).
 */
export function useIdleReset(active: boolean, onIdle: () => void, idleMs: number): void {
  const latest = useRef(onIdle);
  useEffect(() => {
    latest.current = onIdle;
  });

  useEffect(() => {
    if (!active) return;
    let timer = setTimeout(() => latest.current(), idleMs);
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(() => latest.current(), idleMs);
    };
    const inputs = ['keydown', 'pointerdown', 'wheel'] as const;
    for (const name of inputs) window.addEventListener(name, restart, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      for (const name of inputs) window.removeEventListener(name, restart, { capture: true });
    };
  }, [active, idleMs]);
}
