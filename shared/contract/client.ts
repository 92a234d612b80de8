import type { CallInput, CallName, CallOutput } from './calls';
import type { EventName, EventPayload } from './events';
import type { KioskBridge } from './envelope';
import { KioskError } from './errors';

/** The typed client the renderer (and tests) use; it never knows which transport is below. */
export interface KioskClient {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
}

export function createKioskClient(bridge: KioskBridge): KioskClient {
  return {
    async call(name, input) {
      const envelope = await bridge.call(name, input);
      if (!envelope.ok) throw KioskError.fromBody(envelope.error);
      return envelope.result as CallOutput<typeof name>;
    },
    on(name, listener) {
      return bridge.subscribe((event) => {
        if (event.name === name) listener(event.payload as EventPayload<typeof name>);
      });
    },
  };
}
