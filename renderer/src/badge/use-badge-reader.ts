import { useEffect, useRef } from 'react';
import { emptyBuffer, feedKeystroke, type BufferState } from './badge-keystroke-buffer';

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/**
 * Listens to the whole window for a badge reader burst while `enabled`. Keys typed into a
 * field are left to that field. The Enter that ends a burst is swallowed so it cannot also
 * press whatever button happens to have focus.
 */
export function useBadgeReader(enabled: boolean, onScan: (raw: string) => void): void {
  const latest = useRef(onScan);
  useEffect(() => {
    latest.current = onScan;
  });

  useEffect(() => {
    if (!enabled) return;
    let buffer: BufferState = emptyBuffer;
    function onKeyDown(event: KeyboardEvent) {
      if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing || isEditable(event.target)) {
        buffer = emptyBuffer;
        return;
      }
      const result = feedKeystroke(buffer, { key: event.key, at: event.timeStamp });
      buffer = result.state;
      if (result.submit !== null) {
        event.preventDefault();
        event.stopPropagation();
        latest.current(result.submit);
      }
    }
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [enabled]);
}
