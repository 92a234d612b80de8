import { events, type EventName, type EventPayload } from '../../../shared/contract/events';
import type { EventEnvelope } from '../../../shared/contract/envelope';

type Listener = (event: EventEnvelope) => void;

/** Core services publish here; each transport subscribes once and forwards. */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  publish<K extends EventName>(name: K, payload: EventPayload<K>): void {
    const checked = events[name].parse(payload);
    for (const listener of [...this.listeners]) listener({ name, payload: checked });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
