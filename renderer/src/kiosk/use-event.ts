import { useEffect, useRef } from 'react';
import type { EventName, EventPayload } from '../../../shared/contract/events';
import { useKiosk } from './kiosk-context';

/** Subscribes for the component's lifetime; the latest listener is used without resubscribing. */
export function useEvent<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): void {
  const kiosk = useKiosk();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => kiosk.on(name, (payload) => latest.current(payload)), [kiosk, name]);
}
