import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionCore } from './helpers/session-core';

const start = { department: 'Finance Operations', room: 'A1', plannedMinutes: 30 };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A copy of the app's resources folder the test may take files away from. */
function resourcesCopy(withRoster: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-resources-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(resolve('resources', 'training'), join(dir, 'training'), { recursive: true });
  if (!withRoster) rmSync(join(dir, 'training', 'roster.csv'));
  return dir;
}

function core(resourcesDir: string) {
  const h = sessionCore({}, {}, { resourcesDir });
  cleanups.push(() => h.close());
  return h;
}

describe('the training roster: one file, read once when a training kiosk starts', () => {
  it('feeds the training IdP and a training session from the same read, even after the file is gone', async () => {
    const resourcesDir = resourcesCopy(true);
    const h = core(resourcesDir);
    rmSync(join(resourcesDir, 'training', 'roster.csv'));

    const session = await h.call('session.start', start);
    expect(await h.call('roster.loadTraining', { sessionId: session.id })).toEqual({ imported: 12, rejected: 0 });
    const attendees = (await h.call('board.get', { sessionId: session.id })).rows.map((row) => row.attendee);
    for (const attendee of attendees) {
      expect(await h.core.idp.findUser({ badgeId: attendee.badgeId }), attendee.badgeId).toMatchObject({ badgeId: attendee.badgeId });
    }
  });

  it('starts without the file, and loading the roster then says it could not be read and why, leaving the session empty', async () => {
    const h = core(resourcesCopy(false));
    const session = await h.call('session.start', start);

    const error = await h.fail('roster.loadTraining', { sessionId: session.id });
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe('The training roster could not be read (ENOENT). Reinstall the kiosk or import a CSV file.');
    expect((await h.call('board.get', { sessionId: session.id })).rows).toHaveLength(0);
  });
});
