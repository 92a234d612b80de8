import { afterEach, describe, expect, it } from 'vitest';
import { sessionCore } from './helpers/session-core';

let harness: ReturnType<typeof sessionCore> | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const start = { room: 'B-204', plannedMinutes: 30 };

describe('session.latest: the session that ended last, for its report after a reload', () => {
  it('is null before any session ended, ignores the open one, and follows each end', async () => {
    const h = (harness = sessionCore());
    expect(await h.call('session.latest', {})).toBeNull();

    const first = await h.call('session.start', { ...start, department: 'Finance' });
    expect(await h.call('session.latest', {})).toBeNull();
    h.advanceMinutes(30);
    await h.call('session.end', { sessionId: first.id });
    expect(await h.call('session.latest', {})).toMatchObject({ id: first.id, department: 'Finance', status: 'closed' });

    h.advanceMinutes(5);
    const second = await h.call('session.start', { ...start, department: 'Research' });
    // While the next one runs, the last ended session is still the first.
    expect(await h.call('session.latest', {})).toMatchObject({ id: first.id });
    h.advanceMinutes(20);
    await h.call('session.end', { sessionId: second.id });
    const latest = await h.call('session.latest', {});
    expect(latest).toMatchObject({ id: second.id, department: 'Research', status: 'closed' });
    expect(latest?.endedAt).toBe(new Date(Date.parse(first.startedAt) + 55 * 60_000).toISOString());
  });
});
