import type { ReactNode } from 'react';

/**
 * A table's scroller. It is focusable and named so keyboard users can scroll it with the arrow
 * keys and screen readers announce what it holds. Across, for a wide table; with `fill`, also
 * down, in the rest of a filling screen (.screen--fill), under a header row that stays.
 */
export function TableScroll({ label, fill = false, children }: { label: string; fill?: boolean; children: ReactNode }) {
  return (
    <div className={fill ? 'table-scroll table-scroll--fill screen__fill' : 'table-scroll'} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
