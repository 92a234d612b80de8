import { afterEach, describe, expect, it } from 'vitest';
import { StepsRepository } from '../../electron/core/store/steps-repository';
import { skippableStepIds } from '../../shared/domain/step-table';
import { sessionCore } from './helpers/session-core';

/**
 * "Done" means one thing: every step done. The board's "N of M done" and the report's "N of M
 * completed every step" (and its CSV's Complete column) count the same attendees, whatever mix
 * of badge-only, finished and skipping attendees the session has.
 */
let harness: ReturnType<typeof sessionCore> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('board and report agree on who is done', () => {
  it('badge only, every step done, a skip among done steps, every step skipped, not checked in: one done on the board and in the report', async () => {
    const h = (harness = sessionCore());
    const session = await h.call('session.start', { department: 'Training', room: 'B-204', plannedMinutes: 30 });
    await h.call('roster.loadTraining', { sessionId: session.id });

    const checkIn = async (badge: string) => {
      const outcome = await h.call('badge.scan', { sessionId: session.id, raw: badge });
      if (outcome.kind !== 'matched') throw new Error(`badge ${badge} matched nobody`);
      await h.call('identity.confirm', { sessionId: session.id, attendeeId: outcome.attendee.id, faceConfirmed: true, secondSignal: 'managerPresent' });
      return outcome.attendee.id;
    };
    // The journey's own steps are walked for real in journey-training*.test.ts; here done steps are the rows it leaves, skips the attendee's call.
    const steps = new StepsRepository(h.core.db);
    const walked = async (attendeeId: string, skipped: readonly string[]) => {
      for (const step of skippableStepIds) {
        if (skipped.includes(step)) await h.call('journey.skip', { sessionId: session.id, attendeeId, step, reason: 'other', note: 'Walkthrough only' });
        else steps.set(attendeeId, step, 'done', null, new Date().toISOString());
      }
      // The attendee's journey holds the kiosk: the facilitator comes back for the next check-in.
      await h.comeBack();
    };

    await checkIn('100101');
    await h.comeBack();
    const allDone = await checkIn('100102');
    await walked(allDone, []);
    const oneSkip = await checkIn('100103');
    await walked(oneSkip, ['platformPasskey']);
    const allSkipped = await checkIn('100104');
    await walked(allSkipped, skippableStepIds);

    const board = await h.call('board.get', { sessionId: session.id });
    const report = await h.call('session.report', { sessionId: session.id });
    expect(board.clock).toMatchObject({ done: 1, total: board.rows.length });
    expect(report).toMatchObject({ complete: 1, total: board.rows.length });
    expect(report.incomplete.map((row) => row.attendee.id)).not.toContain(allDone);
    expect(report.incomplete.map((row) => row.attendee.id)).toEqual(expect.arrayContaining([oneSkip, allSkipped]));

    const { csv } = await h.call('session.exportCsv', { sessionId: session.id, locale: 'en' });
    const complete = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n').slice(1).filter((line) => /,yes,/.test(line));
    expect(complete.map((line) => line.split(',')[0])).toEqual(['100102']);
  });
});
