import { TRAINING_FACILITATOR_PIN } from '../../electron/core/access/training-facilitator-key';
import { createCore, type Core } from '../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../electron/core/config/schema';
import type { CallInput, CallName, CallOutput } from '../../shared/contract/calls';

export interface SeededEnvelope {
  code: string;
  sealNumber: string;
  owner: string;
}

async function call<K extends CallName>(core: Core, name: K, input: CallInput<K>): Promise<CallOutput<K>> {
  const reply = await core.dispatch(name, input, { transport: 'test' });
  if (!reply.ok) throw new Error(`${name} failed: ${reply.error.message}`);
  return reply.result as CallOutput<K>;
}

/** A training session with its roster, ended, and envelopes sealed for the attendees at `positions`. */
async function sessionWithEnvelopes(core: Core, department: string, seals: readonly { position: number; sealNumber: string | null; fingerprint: string }[]): Promise<SeededEnvelope[]> {
  const session = await call(core, 'session.start', { department, room: 'B-204', plannedMinutes: 30 });
  await call(core, 'roster.loadTraining', { sessionId: session.id });
  const rows = (await call(core, 'board.get', { sessionId: session.id })).rows;
  const sealed = seals.map(({ position, sealNumber, fingerprint }) => {
    const attendee = rows[position]?.attendee;
    if (!attendee) throw new Error(`The training roster has no attendee ${position}.`);
    const envelope = core.custody.seal({ sessionId: session.id, attendeeId: attendee.id, sealNumber, keyModel: 'YubiKey 5 NFC', fingerprint, actor: session.facilitator });
    return { code: envelope.code, sealNumber: envelope.sealNumber, owner: `${attendee.givenName} ${attendee.familyName}` };
  });
  await call(core, 'session.end', { sessionId: session.id });
  return sealed;
}

/**
 * Leaves sealed envelopes in a data dir before a web host opens it, the way earlier sessions
 * of the kiosk would have: real sessions and rosters through the contract, each envelope
 * sealed by the CustodyService the journey calls. No label was printed for them (as when the
 * label printer failed), so custody shows them as "label missing". No test hook in the app.
 */
export async function seedSealedEnvelopes(dataDir: string): Promise<{ finance: SeededEnvelope[]; research: SeededEnvelope[] }> {
  const core = createCore({ config: kioskConfigSchema.parse({}), dataDir, version: 'e2e-seed' });
  try {
    // Earlier sessions were run by a facilitator: the built-in training key unlocks (its state stays in dataDir).
    await call(core, 'access.unlock', { pin: TRAINING_FACILITATOR_PIN });
    const finance = await sessionWithEnvelopes(core, 'Finance Operations', [
      { position: 0, sealNumber: null, fingerprint: '8BE3 9858' },
      { position: 1, sealNumber: 'A-4711', fingerprint: '1C0F 77A2' },
    ]);
    const research = await sessionWithEnvelopes(core, 'Research', [{ position: 2, sealNumber: null, fingerprint: 'E41B 0D3C' }]);
    return { finance, research };
  } finally {
    await core.close();
  }
}
