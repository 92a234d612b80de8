import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { RosterRepository } from '../../electron/core/store/roster-repository';
import { sessionCore } from './helpers/session-core';

let harness: ReturnType<typeof sessionCore> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const header = 'Badge ID,Given name,Family name,Email';
const file = (...rows: string[]) => Buffer.from(`${header}\n${rows.join('\n')}\n`).toString('base64');
const teamA = file('1001,Ada,Lovelace,ada@example.com', '1002,Alan,Turing,alan@example.com', '1003,Grace,Hopper,grace@example.com');
const teamB = file('2001,Edsger,Dijkstra,edsger@example.com', '2002,Barbara,Liskov,barbara@example.com');

async function open() {
  const h = (harness = sessionCore());
  const session = await h.call('session.start', { department: 'Research', room: 'R1', plannedMinutes: 30 });
  const badges = async () => (await h.call('board.get', { sessionId: session.id })).rows.map((row) => row.attendee.badgeId);
  return { h, sessionId: session.id, badges };
}

/**
 * The import screen previews the file when it is picked and imports it on the button: the
 * import takes the preview's reading of that file. These check it never takes a wrong one.
 */
describe('importing the roster just previewed', () => {
  it('imports exactly what the preview showed, in its order', async () => {
    const { h, sessionId, badges } = await open();
    const preview = await h.call('roster.preview', { sessionId, fileBase64: teamA });
    expect(await h.call('roster.import', { sessionId, fileBase64: teamA })).toEqual({ imported: 3, rejected: 0 });
    expect(await badges()).toEqual(preview.accepted.map((row) => row.badgeId));
  });

  it('reads a file other than the one previewed anew', async () => {
    const { h, sessionId, badges } = await open();
    await h.call('roster.preview', { sessionId, fileBase64: teamA });
    expect(await h.call('roster.import', { sessionId, fileBase64: teamB })).toEqual({ imported: 2, rejected: 0 });
    expect(await badges()).toEqual(['2001', '2002']);
  });

  it('reads the file anew when the session’s roster changed since the preview, refusing badges now in it', async () => {
    const { h, sessionId, badges } = await open();
    await h.call('roster.preview', { sessionId, fileBase64: teamA });
    // Another writer of the same database (what a second station of a shared session would be).
    new RosterRepository(h.core.db).insert(
      { id: randomUUID(), sessionId, badgeId: '1002', givenName: 'Alan', familyName: 'Turing', email: 'alan@example.com', department: 'Research', manager: '', photoFile: null, sourceLine: 2 },
      1,
    );
    expect(await h.call('roster.import', { sessionId, fileBase64: teamA })).toEqual({ imported: 2, rejected: 1 });
    expect(await badges()).toEqual(['1002', '1001', '1003']);
  });

  it('takes a preview once: the same file imported again is read against the roster it now joins', async () => {
    const { h, sessionId } = await open();
    await h.call('roster.preview', { sessionId, fileBase64: teamA });
    await h.call('roster.import', { sessionId, fileBase64: teamA });
    expect(await h.call('roster.import', { sessionId, fileBase64: teamA })).toEqual({ imported: 0, rejected: 3 });
  });
});
