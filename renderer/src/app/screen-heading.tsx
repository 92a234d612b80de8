import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The screen's h1, focused when the screen appears so keyboard and screen-reader users start
 * at the top of the new screen instead of on a button that no longer exists.
 */
export function ScreenHeading({ id, children, className }: { id: string; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 id={id} ref={ref} tabIndex={-1} className={className ?? 'screen__title'}>
      {children}
    </h1>
  );
}
