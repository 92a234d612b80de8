import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../electron/core/events/event-bus';
import type { KeyEvent } from '../../electron/core/fido/keys/key-event';
import { createKeyRuntime, type KeyRuntime } from '../../electron/core/fido/keys/key-handlers';

const PIN = '739184';
/** The built-in training key, as a kiosk without a configuration file has it. */
const trainingKeys = { backend: 'virtual', minPinLength: 6 } as const;
let runtime: KeyRuntime | null = null;
afterEach(async () => {
  await runtime?.close();
  runtime = null;
});

describe('the key runtime reports key events for the log', () => {
  it('names each PIN operation and its outcome, never the PIN', async () => {
    const events: KeyEvent[] = [];
    runtime = createKeyRuntime({ settings: trainingKeys, events: new EventBus(), onKeyEvent: (event) => events.push(event) });
    const [key] = await runtime.keys.list();
    const path = key!.path;
    await runtime.keys.setPin(path, PIN);
    await runtime.keys.verifyPin(path, PIN);
    await runtime.keys.verifyPin(path, '482915').catch(() => undefined);
    await runtime.keys.setPin(path, PIN).catch(() => undefined);
    expect(events).toEqual([
      { event: 'pinSet', path, outcome: 'ok' },
      { event: 'pinVerified', path, outcome: 'ok' },
      { event: 'pinVerified', path, outcome: 'key_pin_invalid' },
      { event: 'pinSet', path, outcome: 'conflict' },
    ]);
    expect(JSON.stringify(events)).not.toContain(PIN);
  });

  it('reports a key plugged in once the kiosk watches for keys', async () => {
    const events: KeyEvent[] = [];
    runtime = createKeyRuntime({ settings: trainingKeys, events: new EventBus(), onKeyEvent: (event) => events.push(event) });
    await runtime.handlers['keys.list']({}, { transport: 'test' });
    await expect.poll(() => events.filter((e) => e.event === 'attached'), { timeout: 5_000 }).toEqual([{ event: 'attached', path: expect.any(String), product: expect.anything(), training: true }]);
  });
});
