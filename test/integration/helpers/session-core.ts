import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTrainingFacilitatorKey, TRAINING_FACILITATOR_PIN } from '../../../electron/core/access/training-facilitator-key';
import { createCore, type Core, type CorePorts } from '../../../electron/core/app/create-core';
import { kioskConfigSchema, type KioskConfigInput } from '../../../electron/core/config/schema';
import type { CallInput, CallName, CallOutput } from '../../../shared/contract/calls';
import type { EventEnvelope } from '../../../shared/contract/envelope';
import type { ErrorBody } from '../../../shared/contract/errors';

export const T0 = Date.parse('2026-03-02T09:00:00.000Z');

/**
 * The whole core on a real SQLite file in a fresh temp dir, driven through its dispatcher the
 * way both transports drive it, with a clock the test moves. Given `dataDir` (a restart), it
 * starts on that folder and leaves it for its owner to remove.
 */
export function sessionCore(config: Partial<KioskConfigInput> = {}, ports: Partial<CorePorts> = {}, options: { unlocked?: boolean; dataDir?: string; resourcesDir?: string; fleetSink?: { pollMs?: number } } = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kiosk-session-'));
  let now = T0;
  const parsed = kioskConfigSchema.parse(config);
  // Production has no training key: the test hands in one built-in key of its own.
  const facilitatorKey = parsed.mode === 'production' ? { facilitatorKey: startTrainingFacilitatorKey(dataDir, parsed.security.minPinLength) } : {};
  const core: Core = createCore({
    config: parsed,
    dataDir,
    version: 'test',
    resourcesDir: options.resourcesDir,
    fleetSink: options.fleetSink,
    ports: { clock: { now: () => new Date(now) }, ...facilitatorKey, ...ports },
    onInternalError: (name, error) => {
      throw new Error(`internal error in ${name}: ${String(error)}`);
    },
  });
  const events: EventEnvelope[] = [];
  core.events.subscribe((event) => events.push(event));

  // Facilitator calls need an unlocked kiosk: the built-in key and its PIN, once, before the first call.
  let unlocking: Promise<unknown> | null = null;
  const ready = () => {
    if (options.unlocked === false) return Promise.resolve();
    unlocking ??= core.dispatch('access.unlock', { pin: TRAINING_FACILITATOR_PIN }, { transport: 'test' }).then((envelope) => {
      if (!envelope.ok) throw new Error(`unlock failed: ${envelope.error.code}: ${envelope.error.message}`);
    });
    return unlocking;
  };

  async function call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
    await ready();
    const envelope = await core.dispatch(name, input, { transport: 'test' });
    if (!envelope.ok) throw Object.assign(new Error(`${name} failed: ${envelope.error.code}: ${envelope.error.message}`), { body: envelope.error });
    return envelope.result as CallOutput<K>;
  }

  /** The error body of a call that must fail. */
  async function fail(name: CallName, input: unknown): Promise<ErrorBody> {
    await ready();
    const envelope = await core.dispatch(name, input, { transport: 'test' });
    if (envelope.ok) throw new Error(`${name} succeeded but was expected to fail`);
    return envelope.error;
  }

  /**
   * The facilitator comes back to a kiosk an attendee's journey holds, as at the kiosk: a touch
   * of their key while the kiosk offers it (soon after their PIN unlock), else PIN and touch.
   */
  async function comeBack(): Promise<void> {
    const input = core.access.state().touchUnlock ? {} : { pin: TRAINING_FACILITATOR_PIN };
    const envelope = await core.dispatch('access.unlock', input, { transport: 'test' });
    if (!envelope.ok) throw new Error(`unlocking again failed: ${envelope.error.code}: ${envelope.error.message}`);
  }

  return {
    core,
    dataDir,
    /** Unlocks with the built-in key (done by itself before the first call unless `unlocked: false`). */
    unlock: ready,
    comeBack,
    events,
    call,
    fail,
    advanceMinutes(minutes: number) {
      now += minutes * 60_000;
    },
    async close() {
      await core.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type SessionCoreHarness = ReturnType<typeof sessionCore>;

/**
 * A training session with the training roster, and the attendee of `badge` confirmed by the
 * facilitator: where the journey begins, with the kiosk held by the attendee's journey
 * (facilitator calls need `comeBack()` first).
 */
export async function confirmedTrainingAttendee(h: SessionCoreHarness, badge: string): Promise<{ sessionId: string; attendeeId: string }> {
  const session = await h.call('session.start', { department: 'Training', room: 'B-204', plannedMinutes: 30 });
  await h.call('roster.loadTraining', { sessionId: session.id });
  const outcome = await h.call('badge.scan', { sessionId: session.id, raw: badge });
  if (outcome.kind !== 'matched') throw new Error(`badge ${badge} matched nobody in the training roster`);
  const who = { sessionId: session.id, attendeeId: outcome.attendee.id };
  await h.call('identity.confirm', { ...who, faceConfirmed: true, secondSignal: 'managerPresent' });
  return who;
}
