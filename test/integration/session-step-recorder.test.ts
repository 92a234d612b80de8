import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionContext } from '../../electron/core/session/session-context';
import { StepRecorder } from '../../electron/core/session/step-recorder';
import { AuditLog } from '../../electron/core/store/audit-log';
import { sessionCore, T0 } from './helpers/session-core';

let harness: ReturnType<typeof sessionCore> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function setUp() {
  const h = (harness = sessionCore());
  const session = await h.call('session.start', { department: 'Finance Operations', room: 'A1', plannedMinutes: 30 });
  await h.call('roster.loadTraining', { sessionId: session.id });
  const [first] = (await h.call('board.get', { sessionId: session.id })).rows;
  const clock = { now: () => new Date(T0) };
  const context = new SessionContext({ db: h.core.db, audit: new AuditLog(h.core.db, clock.now), events: h.core.events, clock, mode: 'training', resourcesDir: resolve('resources'), trainingRoster: null });
  const recorder = new StepRecorder(context);
  return { h, session, attendeeId: first!.attendee.id, badgeId: first!.attendee.badgeId, recorder };
}

describe('recording later journey steps', () => {
  it('refuses a step before the identity check is confirmed, then records it committed, audited and announced', async () => {
    const { h, session, attendeeId, badgeId, recorder } = await setUp();
    const change = { sessionId: session.id, attendeeId, step: 'backupKey', status: 'done', audit: { keyModel: 'YubiKey 5 NFC' } } as const;
    expect(() => recorder.record(change)).toThrow(expect.objectContaining({ code: 'identity_unconfirmed' }));

    await h.call('badge.scan', { sessionId: session.id, raw: `${badgeId}\n` });
    await h.call('identity.confirm', { sessionId: session.id, attendeeId, faceConfirmed: true, secondSignal: 'hrCallback' });
    // The board below is the facilitator's: back with their key after the confirmation handed the kiosk to the attendee.
    await h.comeBack();
    const eventsBefore = h.events.length;
    recorder.record(change);

    const row = (await h.call('board.get', { sessionId: session.id })).rows[0];
    expect(row?.steps.backupKey).toMatchObject({ status: 'done', reason: null });
    expect(h.events.slice(eventsBefore)).toEqual([{ name: 'board.changed', payload: { sessionId: session.id, attendeeId } }]);
    const [last] = new AuditLog(h.core.db, () => new Date()).list(1);
    // The session's facilitator: the credential that unlocked the kiosk when it started.
    expect(last).toMatchObject({ actor: 'Training facilitator', action: 'step.done', subject: attendeeId, data: { step: 'backupKey', keyModel: 'YubiKey 5 NFC' } });
    expect(() => recorder.record(change)).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('needs a reason for a failed or skipped step ("other" with a note), and nothing once the session has ended', async () => {
    const { h, session, attendeeId, badgeId, recorder } = await setUp();
    await h.call('badge.scan', { sessionId: session.id, raw: `${badgeId}\n` });
    await h.call('identity.confirm', { sessionId: session.id, attendeeId, faceConfirmed: true, secondSignal: 'hrCallback' });
    await h.comeBack();
    const skip = { sessionId: session.id, attendeeId, step: 'envelope', status: 'skipped' } as const;
    for (const reason of [null, { code: 'other', note: '  ' }, { code: 'other', note: null }] as const) {
      expect(() => recorder.record({ ...skip, reason })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    }
    recorder.record({ ...skip, reason: { code: 'printerBroken', note: ' Out of labels ' } });
    await h.call('session.end', { sessionId: session.id });
    expect(() => recorder.record({ ...skip, step: 'recoveryCodes', reason: { code: 'policy', note: null } })).toThrow(expect.objectContaining({ code: 'session_closed' }));
    const report = await h.call('session.report', { sessionId: session.id });
    expect(report.incomplete[0]?.open).toContainEqual({ step: 'envelope', status: 'skipped', reason: { code: 'printerBroken', note: 'Out of labels' } });
  });
});
