import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envelopeStates, type EnvelopeState } from '../../shared/domain/custody';
import { sealFor, sessionWithRoster, TRAINING_FACILITATOR } from './helpers/custody-setup';
import { handOverTo } from './helpers/second-facilitator';
import { sessionCore } from './helpers/session-core';

/** The custody graph as the README and envelope-transitions.ts state it, written out independently. */
const allowed: Record<EnvelopeState, EnvelopeState[]> = {
  sealed: ['collected', 'destroyed'],
  collected: ['inSafe', 'destroyed'],
  inSafe: ['handedOut', 'destroyed'],
  handedOut: ['returned'],
  returned: ['destroyed'],
  destroyed: [],
};

/** The moves that bring a fresh envelope to `state`, one stop at a time. */
const pathTo: Record<EnvelopeState, EnvelopeState[]> = {
  sealed: [],
  collected: ['collected'],
  inSafe: ['collected', 'inSafe'],
  handedOut: ['collected', 'inSafe', 'handedOut'],
  returned: ['collected', 'inSafe', 'handedOut', 'returned'],
  destroyed: ['destroyed'],
};

let h: ReturnType<typeof sessionCore>;
let sessionId: string;
let attendeeIds: string[];
let nextAttendee = 0;

beforeEach(async () => {
  h = sessionCore();
  ({ sessionId, attendeeIds } = await sessionWithRoster(h));
  nextAttendee = 0;
});
afterEach(async () => {
  await h.close();
});

/** A fresh envelope (a new attendee each time) moved to `state` through the contract. */
async function envelopeIn(state: EnvelopeState): Promise<string> {
  const attendeeId = attendeeIds[nextAttendee++];
  if (!attendeeId) throw new Error('The training roster has too few attendees for this test.');
  const { code } = sealFor(h, sessionId, attendeeId);
  for (const to of pathTo[state]) await h.call('custody.move', { code, to, note: to === 'destroyed' ? 'Key reported faulty' : undefined });
  return code;
}

describe('custody state machine through the contract', () => {
  it('walks an envelope from sealed to returned and then destroyed, offering exactly the allowed next states each time', async () => {
    const code = await envelopeIn('sealed');
    const walk: EnvelopeState[] = ['collected', 'inSafe', 'handedOut', 'returned', 'destroyed'];
    let found = await h.call('custody.find', { code });
    expect(found.kind === 'found' && found.record.next).toEqual(allowed.sealed);
    for (const to of walk) {
      const record = await h.call('custody.move', { code, to, note: to === 'destroyed' ? 'Owner left the company' : undefined });
      expect(record.envelope.state).toBe(to);
      expect(record.next).toEqual(allowed[to]);
    }
    found = await h.call('custody.find', { code });
    if (found.kind !== 'found') throw new Error('envelope vanished');
    expect(found.record.history.map((entry) => [entry.action, entry.from, entry.to])).toEqual([
      ['seal', null, 'sealed'],
      ['move', 'sealed', 'collected'],
      ['move', 'collected', 'inSafe'],
      ['move', 'inSafe', 'handedOut'],
      ['move', 'handedOut', 'returned'],
      ['move', 'returned', 'destroyed'],
    ]);
    expect(found.record.history.at(-1)).toMatchObject({ actor: TRAINING_FACILITATOR, note: 'Owner left the company' });
    expect(found.record.reprintable).toBe(false);
  });

  const refused = envelopeStates.flatMap((from) => envelopeStates.filter((to) => !allowed[from].includes(to)).map((to) => [from, to] as const));

  it('has 28 refused moves out of 36 pairs (no skipping, no going back, nothing out of destroyed)', () => {
    expect(refused).toHaveLength(28);
  });

  it.each(refused)('refuses %s → %s with a conflict that names both states and leaves the envelope as it was', async (from, to) => {
    const code = await envelopeIn(from);
    const before = await h.call('custody.find', { code });
    const auditBefore = h.core.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get();
    const error = await h.fail('custody.move', { code, to, note: 'attempt' });
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/^Envelope K\d{6} cannot become "[A-Za-z ]+"\. It is [A-Za-z ]+/);
    expect(error.details).toEqual({ from, to, allowed: allowed[from] });
    expect(await h.call('custody.find', { code })).toEqual(before);
    expect(h.core.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(auditBefore);
  });

  it('says what is possible in the refusal', async () => {
    const code = await envelopeIn('handedOut');
    const error = await h.fail('custody.move', { code, to: 'destroyed', note: 'lost' });
    expect(error.message).toMatch(/It is handed out to its owner; from there it can only become "returned"\.$/);
    const done = await envelopeIn('destroyed');
    expect((await h.fail('custody.move', { code: done, to: 'collected' })).message).toMatch(/It is destroyed, which is final: it cannot move any more\.$/);
    const sealed = await envelopeIn('sealed');
    expect((await h.fail('custody.move', { code: sealed, to: 'sealed' })).message).toMatch(/It is sealed at the kiosk; from there it can only become "collected by IT" or "destroyed"\.$/);
  });

  it('destroying needs a note saying why; other moves take one optionally', async () => {
    const code = await envelopeIn('sealed');
    const error = await h.fail('custody.move', { code, to: 'destroyed', note: '   ' });
    expect(error).toMatchObject({ code: 'invalid_input', message: 'Say why the envelope is destroyed: a note is required.' });
    const record = await h.call('custody.move', { code, to: 'collected' });
    expect(record.history.at(-1)).toMatchObject({ note: null });
  });

  it('records the person whose key unlocked the kiosk as the mover, takes no typed name, and moves nothing while locked', async () => {
    const code = await envelopeIn('sealed');
    expect((await h.fail('custody.move', { code, to: 'collected', actor: 'Ida IT' })).code).toBe('invalid_input');
    const ida = await handOverTo(h, 'Ida IT');
    const record = await h.call('custody.move', { code, to: 'collected' });
    expect(record.history.at(-1)).toMatchObject({ action: 'move', to: 'collected', actor: ida.name });
    await h.call('access.lock', {});
    expect((await h.fail('custody.move', { code, to: 'inSafe' })).code).toBe('locked');
    expect(h.core.db.prepare('SELECT state FROM envelopes WHERE code = ?').pluck().get(code)).toBe('collected');
  });

  it('answers an unknown code with kind "unknown", and refuses to move or reprint it with not_found', async () => {
    await envelopeIn('sealed');
    expect(await h.call('custody.find', { code: '  ENV-0000AAAA ' })).toEqual({ kind: 'unknown', query: 'ENV-0000AAAA', source: 'kiosk' });
    expect(await h.call('custody.find', { code: 'K999999' })).toEqual({ kind: 'unknown', query: 'K999999', source: 'kiosk' });
    expect(await h.call('custody.find', { code: '---' })).toEqual({ kind: 'unknown', query: '---', source: 'kiosk' });
    const move = await h.fail('custody.move', { code: 'ENV-0000AAAA', to: 'collected' });
    expect(move).toMatchObject({ code: 'not_found' });
    expect(move.message).toContain('No envelope has the code or seal number "ENV-0000AAAA"');
    expect((await h.fail('custody.reprintLabel', { code: 'nothing', reason: 'lost', locale: 'en' })).code).toBe('not_found');
  });
});
