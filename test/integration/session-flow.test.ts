import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../electron/core/store/audit-log';
import { ROSTER_FILE_MAX_BYTES } from '../../shared/contract/session-calls';
import { skippableStepIds } from '../../shared/domain/step-table';
import { sessionCore } from './helpers/session-core';
import { englishText, type Message } from '../../shared/contract/messages';

/** A refused row's reasons as the English the log renders from their codes. */
const inEnglish = (rejection: { reasons: Message[] } | undefined) => rejection?.reasons.map(englishText).join(' ');

/** The roster file's bytes as the renderer sends them. */
const fixture = readFileSync(new URL('../fixtures/roster-12-good-3-bad.csv', import.meta.url)).toString('base64');
const start = { department: 'Research & Development', room: 'B2.14', plannedMinutes: 30 };
/** The facilitator is the unlocked key's credential (the built-in training key), never typed. */
const facilitator = 'Training facilitator';
/** The lock's own audit entries before the first facilitator call: the built-in key enrolled, then unlocked (the attempt recorded). */
const unlockActions = ['access.keyEnrolled', 'access.unlocked', 'access.attempt'];

let harness: ReturnType<typeof sessionCore> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function auditActions(h: ReturnType<typeof sessionCore>): Array<{ actor: string; action: string; data: Record<string, unknown> }> {
  return new AuditLog(h.core.db, () => new Date())
    .list()
    .reverse()
    .map(({ actor, action, data }) => ({ actor, action, data }));
}

describe('a facilitator session through the core dispatcher', () => {
  it('starts, imports, checks in by scanner keystrokes, confirms identity, shows the board, reports and exports', async () => {
    const h = (harness = sessionCore());
    const session = await h.call('session.start', start);
    expect(session).toMatchObject({ status: 'open', department: 'Research & Development', facilitator, training: true });
    expect(await h.call('session.current', {})).toEqual(session);

    const preview = await h.call('roster.preview', { sessionId: session.id, fileBase64: fixture });
    expect(preview.accepted).toHaveLength(12);
    expect(preview.rejected.map((r) => [r.line, inEnglish(r)])).toEqual([
      [5, 'Email is missing.'],
      [8, 'Email is not a valid address.'],
      [13, 'Badge id 200203 appears twice: first on line 4.'],
    ]);
    expect((await h.call('board.get', { sessionId: session.id })).rows).toHaveLength(0);

    expect(await h.call('roster.import', { sessionId: session.id, fileBase64: fixture })).toEqual({ imported: 12, rejected: 3 });

    h.advanceMinutes(3);
    const scan = await h.call('badge.scan', { sessionId: session.id, raw: '200202\r\n' });
    expect(scan.kind).toBe('matched');
    if (scan.kind !== 'matched') throw new Error('unreachable');
    expect(scan.attendee).toMatchObject({ givenName: 'Björn', familyName: 'Köhler', manager: 'Ingrid Falk', photo: null });

    let board = await h.call('board.get', { sessionId: session.id });
    expect(board.rows.find((r) => r.attendee.id === scan.attendee.id)?.steps.badge.status).toBe('inProgress');

    const confirmed = await h.call('identity.confirm', {
      sessionId: session.id,
      attendeeId: scan.attendee.id,
      faceConfirmed: true,
      secondSignal: 'managerPresent',
    });
    expect(confirmed.id).toBe(scan.attendee.id);

    // The attendee skips every step of the journey, in the person's own words; then the facilitator comes back.
    for (const step of skippableStepIds) {
      await h.call('journey.skip', { sessionId: session.id, attendeeId: scan.attendee.id, step, reason: 'other', note: 'Training walkthrough only' });
    }
    await h.comeBack();
    h.advanceMinutes(2);
    board = await h.call('board.get', { sessionId: session.id });
    const row = board.rows.find((r) => r.attendee.id === scan.attendee.id);
    expect(row?.steps.badge).toMatchObject({ status: 'done', reason: null });
    expect(row?.steps.backupKey).toMatchObject({ status: 'skipped', reason: { code: 'other', note: 'Training walkthrough only' } });
    // Skipped steps stay open: 5 minutes in, none of 12 done, so 5 minutes behind (2.5 minutes each).
    expect(board.clock).toMatchObject({ elapsedSeconds: 300, remainingSeconds: 1500, done: 0, total: 12, behindMinutes: 5 });
    expect(board.rows.map((r) => r.attendee.badgeId).slice(0, 3)).toEqual(['200201', '200202', '200203']);

    const report = await h.call('session.end', { sessionId: session.id });
    expect(report.session.status).toBe('closed');
    expect(report).toMatchObject({ complete: 0, total: 12 });
    expect(report.perStep.badge).toEqual({ done: 1, skipped: 0, failed: 0, pending: 11 });
    expect(report.perStep.backupKey).toEqual({ done: 0, skipped: 1, failed: 0, pending: 11 });
    const bjoern = report.incomplete.find((i) => i.attendee.id === scan.attendee.id);
    expect(bjoern?.open).toContainEqual({ step: 'backupKey', status: 'skipped', reason: { code: 'other', note: 'Training walkthrough only' } });
    expect(await h.call('session.current', {})).toBeNull();
    expect(await h.call('session.report', { sessionId: session.id })).toEqual(report);

    const exported = await h.call('session.exportCsv', { sessionId: session.id, locale: 'en' });
    expect(exported.filename).toBe('session-research-development-2026-03-02.csv');
    const lines = exported.csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(13);
    expect(lines[0]).toContain('Backup key status,Backup key reason');
    expect(lines.find((l) => l.startsWith('200202'))).toContain('Done,,Skipped,Training walkthrough only');
    expect(lines.find((l) => l.startsWith('200210'))).toContain('"Falk, Ingrid"');

    // Once the journey is settled the enrollment check asks the IdP on its own; when it records is not this test's business.
    const actions = auditActions(h).filter((a) => a.action !== 'enrollment.outcome');
    expect(actions.map((a) => a.action)).toEqual([
      ...unlockActions,
      'session.start',
      'roster.import',
      'badge.scan',
      'identity.confirm',
      'access.locked',
      'step.skipped',
      'step.skipped',
      'step.skipped',
      'step.skipped',
      'access.unlocked',
      'access.attempt',
      'session.end',
      'session.export',
    ]);
    expect(new Set(actions.slice(unlockActions.length).map((a) => a.actor))).toEqual(new Set([facilitator]));
    expect(actions[unlockActions.length + 3]?.data).toMatchObject({ secondSignal: 'managerPresent', faceConfirmed: true });
    expect((await h.call('audit.verify', {})).ok).toBe(true);
    expect(h.events.some((e) => e.name === 'board.changed')).toBe(true);
    expect(h.events.some((e) => e.name === 'session.changed')).toBe(true);
  });

  it('tells an unknown badge, an already checked-in badge, a garbled read and a badge from another session apart', async () => {
    const h = (harness = sessionCore());
    const first = await h.call('session.start', { ...start, department: 'Finance Operations' });
    await h.call('roster.loadTraining', { sessionId: first.id });
    await h.call('session.end', { sessionId: first.id });

    const session = await h.call('session.start', start);
    await h.call('roster.import', { sessionId: session.id, fileBase64: fixture });
    const scan = (raw: string) => h.call('badge.scan', { sessionId: session.id, raw });

    expect(await scan('999999\n')).toEqual({ kind: 'unknown', badgeId: '999999' });
    expect(await scan('100103\r')).toEqual({ kind: 'otherSession', badgeId: '100103', department: 'Finance Operations', sessionStartedAt: first.startedAt });

    const garbledCases = ['', '\r\n', '20#201', '20', '200201200201', '2002', '200201\r200202'];
    for (const raw of garbledCases) {
      const outcome = await scan(raw);
      expect(outcome.kind, JSON.stringify(raw)).toBe('garbled');
    }
    expect(await scan('200201200201')).toMatchObject({ reason: { reason: 'badge.readTwice', params: {} } });
    expect(await scan('2002')).toMatchObject({ reason: { reason: 'badge.cutShort', params: {} } });

    const matched = await scan(';200201?\n');
    expect(matched.kind).toBe('matched');
    if (matched.kind !== 'matched') throw new Error('unreachable');
    h.advanceMinutes(1);
    await h.call('identity.confirm', { sessionId: session.id, attendeeId: matched.attendee.id, faceConfirmed: true, secondSignal: 'other', note: 'Known to the facilitator' });
    const again = await scan('200201');
    expect(again).toMatchObject({ kind: 'alreadyCheckedIn', checkedInAt: '2026-03-02T09:01:00.000Z' });

    const scans = auditActions(h).filter((a) => a.action === 'badge.scan').map((a) => a.data.outcome);
    expect(scans).toEqual(['unknown', 'otherSession', ...garbledCases.map(() => 'garbled'), 'garbled', 'garbled', 'matched', 'alreadyCheckedIn']);
  });

  it('takes the roster as the file\'s bytes: a Windows-1252 export keeps its umlauts, a file over 8 MiB is refused before it is read', async () => {
    const h = (harness = sessionCore());
    const session = await h.call('session.start', start);
    const ansi = Buffer.from('Badge ID;Given name;Family name;Email\r\n300101;Jürgen;Müller;j.mueller@example.com\r\n', 'latin1');
    const preview = await h.call('roster.preview', { sessionId: session.id, fileBase64: ansi.toString('base64') });
    expect(preview).toMatchObject({ encoding: 'windows-1252', delimiter: ';', accepted: [{ givenName: 'Jürgen', familyName: 'Müller' }] });

    const tooLarge = Buffer.alloc(ROSTER_FILE_MAX_BYTES + 1024, 0x41).toString('base64');
    expect((await h.fail('roster.preview', { sessionId: session.id, fileBase64: tooLarge })).code).toBe('invalid_input');
    expect((await h.fail('roster.import', { sessionId: session.id, fileBase64: 'not base64!' })).code).toBe('invalid_input');
  });

  it('refuses a second open session, naming the open one; ending twice returns the same report; nothing is recorded in a closed session', async () => {
    const h = (harness = sessionCore());
    const session = await h.call('session.start', start);
    const conflict = await h.fail('session.start', { ...start, department: 'Legal' });
    expect(conflict.code).toBe('conflict');
    expect(conflict.message).toContain('Research & Development');
    expect(conflict.details).toEqual({ sessionId: session.id });

    await h.call('roster.import', { sessionId: session.id, fileBase64: fixture });
    const board = await h.call('board.get', { sessionId: session.id });
    const attendeeId = board.rows[0]!.attendee.id;
    const ended = await h.call('session.end', { sessionId: session.id });
    const auditCount = auditActions(h).length;
    expect(await h.call('session.end', { sessionId: session.id })).toEqual(ended);
    expect(auditActions(h)).toHaveLength(auditCount);

    expect((await h.fail('badge.scan', { sessionId: session.id, raw: '200201' })).code).toBe('session_closed');
    expect((await h.fail('roster.import', { sessionId: session.id, fileBase64: fixture })).code).toBe('session_closed');
    expect((await h.fail('identity.confirm', { sessionId: session.id, attendeeId, faceConfirmed: true, secondSignal: 'hrCallback' })).code).toBe('session_closed');
    expect((await h.fail('journey.skip', { sessionId: session.id, attendeeId, step: 'envelope', reason: 'other', note: 'x' })).code).toBe('session_closed');
    expect((await h.fail('board.get', { sessionId: 'no-such-session' })).code).toBe('not_found');

    const next = await h.call('session.start', { ...start, department: 'Legal' });
    expect(next.status).toBe('open');
  });

  it('requires a scan before confirming, records a rejection with its reason, and needs a note for "other"', async () => {
    const h = (harness = sessionCore());
    const session = await h.call('session.start', start);
    await h.call('roster.import', { sessionId: session.id, fileBase64: fixture });
    const [first, second] = (await h.call('board.get', { sessionId: session.id })).rows;
    const confirm = { sessionId: session.id, attendeeId: first!.attendee.id, faceConfirmed: true, secondSignal: 'governmentId' } as const;

    expect((await h.fail('identity.confirm', confirm)).code).toBe('identity_unconfirmed');
    expect((await h.fail('identity.confirm', { ...confirm, secondSignal: 'other' })).code).toBe('invalid_input');
    expect((await h.fail('identity.confirm', { ...confirm, faceConfirmed: false })).code).toBe('invalid_input');

    await h.call('badge.scan', { sessionId: session.id, raw: second!.attendee.badgeId });
    await h.call('identity.reject', { sessionId: session.id, attendeeId: second!.attendee.id, reason: 'Face does not match the badge photo' });
    const row = (await h.call('board.get', { sessionId: session.id })).rows[1];
    // The facilitator's own words: shown as written.
    expect(row?.steps.badge).toMatchObject({ status: 'failed', reason: { code: 'other', note: 'Face does not match the badge photo' } });
    const checks = h.core.db.prepare('SELECT decision, reason, facilitator FROM identity_checks').all();
    expect(checks).toEqual([{ decision: 'rejected', reason: 'Face does not match the badge photo', facilitator }]);
    expect((await h.fail('journey.skip', { sessionId: session.id, attendeeId: first!.attendee.id, step: 'envelope', reason: 'other', note: '   ' })).code).toBe('invalid_input');
  });

  it('loads the training roster with its photos in training mode, and not twice', async () => {
    const h = (harness = sessionCore());
    const session = await h.call('session.start', start);
    expect(await h.call('roster.loadTraining', { sessionId: session.id })).toEqual({ imported: 12, rejected: 0 });
    const board = await h.call('board.get', { sessionId: session.id });
    const juergen = board.rows.find((r) => r.attendee.givenName === 'Jürgen')?.attendee;
    expect(juergen?.photo?.startsWith('data:image/png;base64,')).toBe(true);
    expect(board.rows.find((r) => r.attendee.givenName === 'Sofia')?.attendee.photo).toBeNull();
    expect(await h.call('roster.loadTraining', { sessionId: session.id })).toEqual({ imported: 0, rejected: 12 });
  });

  it('refuses the training roster when a real IdP is configured', async () => {
    const h = (harness = sessionCore({
      idp: { kind: 'keycloak', baseUrl: 'http://127.0.0.1:9', realm: 'staff', clientId: 'kiosk', clientSecretRef: 'keycloak', webauthn: { rpId: 'example.com', origin: 'https://example.com' } },
    } as never));
    const session = await h.call('session.start', start);
    expect(session.training).toBe(false);
    const error = await h.fail('roster.loadTraining', { sessionId: session.id });
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain('only available in training mode');
    expect((await h.call('board.get', { sessionId: session.id })).rows).toHaveLength(0);
  });

  it('imports all or nothing: a failing write leaves no roster row behind', async () => {
    const h = (harness = sessionCore());
    const session = await h.call('session.start', start);
    // A trigger that fails the 7th insert stands in for a disk error in the middle of the import.
    h.core.db.exec(`CREATE TRIGGER fail_seventh BEFORE INSERT ON roster_entries WHEN (SELECT COUNT(*) FROM roster_entries) = 6
      BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END;`);
    const envelope = await h.core.dispatch('roster.import', { sessionId: session.id, fileBase64: fixture }, { transport: 'test' }).catch((error: Error) => error);
    expect(envelope).toBeInstanceOf(Error);
    h.core.db.exec('DROP TRIGGER fail_seventh');
    expect(h.core.db.prepare('SELECT COUNT(*) FROM roster_entries').pluck().get()).toBe(0);
    expect(h.core.db.prepare('SELECT COUNT(*) FROM attendee_steps').pluck().get()).toBe(0);
    expect(auditActions(h).map((a) => a.action)).toEqual([...unlockActions, 'session.start']);
    expect(await h.call('roster.import', { sessionId: session.id, fileBase64: fixture })).toEqual({ imported: 12, rejected: 3 });
  });
});
