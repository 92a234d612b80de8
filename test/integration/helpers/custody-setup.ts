import type { Envelope } from '../../../shared/domain/custody';
import type { sessionCore } from './session-core';

type Harness = ReturnType<typeof sessionCore>;

/** A session with the training roster loaded; the attendees' ids in roster order. */
export async function sessionWithRoster(h: Harness, department = 'Finance Operations'): Promise<{ sessionId: string; attendeeIds: string[] }> {
  const session = await h.call('session.start', { department, room: 'B-204', plannedMinutes: 30 });
  await h.call('roster.loadTraining', { sessionId: session.id });
  const board = await h.call('board.get', { sessionId: session.id });
  return { sessionId: session.id, attendeeIds: board.rows.map((row) => row.attendee.id) };
}

/** The session's facilitator: the name of the built-in training key's credential that unlocked the kiosk. */
export const TRAINING_FACILITATOR = 'Training facilitator';

/** What the journey would hand over after a backup key step (the session's facilitator seals): the next seal number from the sequence unless one is given. */
export function sealFor(h: Harness, sessionId: string, attendeeId: string, overrides: { sealNumber?: string | null; fingerprint?: string } = {}): Envelope {
  return h.core.custody.seal({
    sessionId,
    attendeeId,
    sealNumber: overrides.sealNumber ?? null,
    keyModel: 'YubiKey 5 NFC',
    fingerprint: overrides.fingerprint ?? '8BE3 9858',
    actor: TRAINING_FACILITATOR,
  });
}
