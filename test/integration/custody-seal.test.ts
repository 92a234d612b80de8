import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/app/create-core';
import { kioskConfigSchema, type KioskConfigInput } from '../../electron/core/config/schema';
import { isKioskError, type KioskError } from '../../shared/contract/errors';
import { labelMissing } from '../../shared/domain/custody';
import { SEAL_NUMBER_MAX } from '../../shared/domain/limits';
import { addPdfQueue, cupsMissing, ensureCups, type PdfQueue } from './helpers/cups-queue';
import { TRAINING_FACILITATOR_PIN } from '../../electron/core/access/training-facilitator-key';
import { sealFor, sessionWithRoster, TRAINING_FACILITATOR } from './helpers/custody-setup';
import { handOverTo } from './helpers/second-facilitator';
import { sessionCore, T0 } from './helpers/session-core';

let h: ReturnType<typeof sessionCore>;
let sessionId: string;
let attendeeIds: string[];

function attendee(i: number): string {
  const id = attendeeIds[i];
  if (!id) throw new Error(`no attendee ${i}`);
  return id;
}

function thrown(fn: () => unknown): KioskError {
  try {
    fn();
  } catch (error) {
    if (isKioskError(error)) return error;
    throw error;
  }
  throw new Error('expected a KioskError');
}

describe('CustodyService.seal', () => {
  beforeEach(async () => {
    h = sessionCore();
    ({ sessionId, attendeeIds } = await sessionWithRoster(h));
  });
  afterEach(async () => {
    await h.close();
  });

  it('seals a sealed envelope with a fresh ENV code, the next sequence number, its label not yet printed, and tells the screens', () => {
    const envelope = sealFor(h, sessionId, attendee(0));
    expect(envelope).toMatchObject({
      sealNumber: 'K001000',
      sessionId,
      attendeeId: attendee(0),
      keyModel: 'YubiKey 5 NFC',
      fingerprint: '8BE3 9858',
      state: 'sealed',
      labelPrints: 1,
      labelPrintedAt: null,
      createdAt: new Date(T0).toISOString(),
    });
    expect(labelMissing(envelope)).toBe(true);
    expect(envelope.code).toMatch(/^ENV-[0-9A-HJKMNP-TV-X]{8}$/);
    expect(sealFor(h, sessionId, attendee(1)).sealNumber).toBe('K001001');
    expect(h.events.filter((event) => event.name === 'custody.changed')).toHaveLength(2);
  });

  it('keeps a typed seal number as typed (trimmed), finds it however it is typed, and skips it in the sequence', () => {
    const typed = sealFor(h, sessionId, attendee(0), { sealNumber: ' E-004711 ' });
    expect(typed.sealNumber).toBe('E-004711');
    for (const query of ['e004711', 'E 004711', 'E-004711', ' e-00-47-11 ']) expect(h.core.custody.find(query)?.code, query).toBe(typed.code);
    expect(sealFor(h, sessionId, attendee(1), { sealNumber: 'k-001 001' }).sealNumber).toBe('k-001 001');
    expect(sealFor(h, sessionId, attendee(2)).sealNumber).toBe('K001000');
    expect(sealFor(h, sessionId, attendee(3)).sealNumber).toBe('K001002');
  });

  it('refuses a seal number already on another envelope however it is typed, one that looks like a code, an empty, a hidden and a too long one', () => {
    sealFor(h, sessionId, attendee(0), { sealNumber: 'A-4711' });
    expect(thrown(() => sealFor(h, sessionId, attendee(1), { sealNumber: 'a 4711' }))).toMatchObject({
      code: 'conflict',
      message: 'Seal number A-4711 is already on another envelope. Check the number on this envelope, or take a new one.',
    });
    expect(thrown(() => sealFor(h, sessionId, attendee(1), { sealNumber: 'ENV-12345678' })).code).toBe('invalid_input');
    expect(thrown(() => sealFor(h, sessionId, attendee(1), { sealNumber: ' - ' })).code).toBe('invalid_input');
    expect(thrown(() => sealFor(h, sessionId, attendee(1), { sealNumber: 'E-00\t4711' })).message).toBe(
      `A seal number is 1 to ${SEAL_NUMBER_MAX} characters long, with letters or digits and nothing hidden; "E-00\t4711" is not.`,
    );
    expect(thrown(() => sealFor(h, sessionId, attendee(1), { sealNumber: 'S'.repeat(SEAL_NUMBER_MAX + 1) })).code).toBe('invalid_input');
    expect(sealFor(h, sessionId, attendee(1), { sealNumber: 'S'.repeat(SEAL_NUMBER_MAX) }).sealNumber).toHaveLength(SEAL_NUMBER_MAX);
    expect(h.core.custody.list()).toHaveLength(2);
  });

  it('is idempotent per backup credential: sealing it again returns the same envelope and uses no number', () => {
    const first = sealFor(h, sessionId, attendee(0));
    const auditRows = h.core.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get();
    expect(sealFor(h, sessionId, attendee(0))).toEqual(first);
    expect(sealFor(h, sessionId, attendee(0), { sealNumber: first.sealNumber })).toEqual(first);
    expect(h.core.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(auditRows);
    expect(thrown(() => sealFor(h, sessionId, attendee(0), { sealNumber: 'K777' })).message).toBe(
      'This backup key is already sealed in envelope K001000; it cannot go into K777 as well.',
    );
    expect(sealFor(h, sessionId, attendee(1)).sealNumber).toBe('K001001');
  });

  it('refuses an attendee of another session and bad input, writing nothing', async () => {
    await h.call('session.end', { sessionId });
    const other = await sessionWithRoster(h, 'Research');
    expect(thrown(() => sealFor(h, other.sessionId, attendee(0))).code).toBe('not_found');
    expect(thrown(() => h.core.custody.seal({ sessionId, attendeeId: attendee(0), sealNumber: null, keyModel: null, fingerprint: ' ', actor: 'F' })).message).toBe(
      'The envelope to seal was not valid (fingerprint: Too small: expected string to have >=1 characters).',
    );
    expect(h.core.custody.list()).toEqual([]);
  });

  it('finds by code or seal number, trimmed and case-insensitive, and survives what scanners and people do to a code', () => {
    const envelope = sealFor(h, sessionId, attendee(0));
    const tail = envelope.code.slice(4);
    const variants = [
      envelope.code,
      ` ${envelope.code.toLowerCase()}\n`,
      // A wedge scanner on a German layout types "-" as "ß".
      `ENVß${tail}`,
      `ENV${tail}`,
      'K001000',
      'k001000',
      ' K-001000 ',
    ];
    for (const value of variants) expect(h.core.custody.find(value)?.code, value).toBe(envelope.code);
    expect(h.core.custody.find('ENV-ZZZZZZZZ')).toBeNull();
  });
});

describe('labels, reprints, lists and the audit log', () => {
  // Reprints print for real: a cups-pdf queue stands in for the label printer.
  let labels: PdfQueue | null = null;
  beforeAll(async () => {
    if (cupsMissing()) return;
    await ensureCups();
    labels = addPdfQueue('kiosk-test-custody-label');
  });
  afterAll(() => labels?.remove());
  beforeEach(async () => {
    h = sessionCore({ printers: { label: { queue: labels?.name ?? 'kiosk-test-custody-label' } } });
    ({ sessionId, attendeeIds } = await sessionWithRoster(h));
  });
  afterEach(async () => {
    await h.close();
  });

  /** The PDF of the label the queue printed last. */
  async function lastLabelText(): Promise<string> {
    const printed = execFileSync('lpstat', ['-W', 'all', '-o', labels!.name], { encoding: 'utf8' }).trim().split('\n').at(-1)!.split(' ')[0]!;
    return execFileSync('pdftotext', ['-layout', await labels!.waitForPdf(printed), '-'], { encoding: 'utf8' });
  }

  it.skipIf(cupsMissing() !== null)('prints a missing label as the original, then reprints: counted, in the history and the audit log with the reason, and the label says reprint', async () => {
    const envelope = sealFor(h, sessionId, attendee(0), { sealNumber: 'E-004711' });
    expect(h.core.custody.views.label(envelope)).toEqual({
      code: envelope.code,
      sealNumber: 'E-004711',
      givenName: 'Amara',
      familyName: 'Okafor',
      department: 'Finance Operations',
      keyModel: 'YubiKey 5 NFC',
      fingerprint: '8BE3 9858',
      sealedAt: envelope.createdAt,
      facilitator: TRAINING_FACILITATOR,
      printNumber: 1,
      reprint: false,
    });
    h.advanceMinutes(5);
    await handOverTo(h, 'Ida IT');
    const first = await h.call('custody.reprintLabel', { code: 'e004711', reason: 'The label did not print at the kiosk.', locale: 'en' });
    const firstText = await lastLabelText();
    expect(firstText).toContain('E-004711');
    expect(firstText).not.toContain('REPRINT');
    expect(first.label).toMatchObject({ printNumber: 1, reprint: false, code: envelope.code });
    expect(first.record.envelope).toMatchObject({ labelPrints: 1, labelPrintedAt: new Date(T0 + 300_000).toISOString(), state: 'sealed' });
    expect(labelMissing(first.record.envelope)).toBe(false);
    expect(first.record.history.at(-1)).toEqual({ action: 'print', from: 'sealed', to: 'sealed', actor: 'Ida IT', at: new Date(T0 + 300_000).toISOString(), note: 'The label did not print at the kiosk.' });

    h.advanceMinutes(5);
    const { record, label } = await h.call('custody.reprintLabel', { code: envelope.code, reason: 'Label torn off', locale: 'en' });
    const text = await lastLabelText();
    expect(text).toContain('REPRINT');
    expect(text).toContain('E-004711');
    expect(label).toMatchObject({ printNumber: 2, reprint: true, code: envelope.code });
    expect(record.envelope.labelPrints).toBe(2);
    expect(record.envelope.state).toBe('sealed');
    expect(record.history.at(-1)).toEqual({ action: 'reprint', from: 'sealed', to: 'sealed', actor: 'Ida IT', at: new Date(T0 + 600_000).toISOString(), note: 'Label torn off' });
    const audit = h.core.db.prepare("SELECT action, actor, subject, data FROM audit_log WHERE action IN ('custody.printLabel', 'custody.reprintLabel') ORDER BY seq").all() as { action: string; actor: string; subject: string; data: string }[];
    expect(audit.map((row) => [row.action, row.actor, row.subject])).toEqual([
      ['custody.printLabel', 'Ida IT', envelope.code],
      ['custody.reprintLabel', 'Ida IT', envelope.code],
    ]);
    expect(JSON.parse(audit[1]!.data)).toMatchObject({ printNumber: 2, note: 'Label torn off', sealNumber: 'E-004711' });

    expect((await h.fail('custody.reprintLabel', { code: envelope.code, reason: ' ', locale: 'en' })).code).toBe('invalid_input');
    await h.call('custody.move', { code: envelope.code, to: 'destroyed', note: 'Key broken' });
    expect(await h.fail('custody.reprintLabel', { code: envelope.code, reason: 'again', locale: 'en' })).toMatchObject({
      code: 'conflict',
      message: 'Envelope E-004711 was destroyed; it needs no label any more.',
    });
  });

  it('records every change in the audit log with the person whose key unlocked the kiosk, and the chain stays intact', async () => {
    const { code } = sealFor(h, sessionId, attendee(0));
    await handOverTo(h, 'Ida IT');
    await h.call('custody.move', { code, to: 'collected', note: 'Picked up after the session' });
    // Custody is IT's: the second person to move it is IT too.
    await handOverTo(h, 'Ben Backoffice', 'it', '730461');
    await h.call('custody.move', { code, to: 'inSafe' });
    const rows = h.core.db.prepare("SELECT actor, action, subject, data FROM audit_log WHERE action LIKE 'custody.%' ORDER BY seq").all() as {
      actor: string;
      action: string;
      subject: string;
      data: string;
    }[];
    expect(rows.map((row) => [row.actor, row.action, row.subject])).toEqual([
      [TRAINING_FACILITATOR, 'custody.seal', code],
      ['Ida IT', 'custody.move', code],
      ['Ben Backoffice', 'custody.move', code],
    ]);
    expect(JSON.parse(rows[1]!.data)).toEqual({
      sessionId,
      attendeeId: attendee(0),
      sealNumber: 'K001000',
      from: 'sealed',
      to: 'collected',
      note: 'Picked up after the session',
    });
    expect(JSON.parse(rows[0]!.data)).toMatchObject({ sealNumberFrom: 'sequence', fingerprint: '8BE3 9858' });
    expect((await h.call('audit.verify', {})).ok).toBe(true);
    expect(() => h.core.db.prepare("UPDATE envelope_events SET actor = 'someone else'").run()).toThrow(/append-only/);
    expect(() => h.core.db.prepare('DELETE FROM envelope_events').run()).toThrow(/append-only/);
  });

  it.skipIf(cupsMissing() !== null)('lists by state and by session, newest first, counting envelopes whose label is missing apart from their state', async () => {
    const a = sealFor(h, sessionId, attendee(0));
    h.advanceMinutes(1);
    const b = sealFor(h, sessionId, attendee(1));
    await h.call('custody.reprintLabel', { code: b.code, reason: 'The label did not print at the kiosk.', locale: 'en' });
    await h.call('custody.move', { code: a.code, to: 'collected' });
    await h.call('session.end', { sessionId });
    h.advanceMinutes(60);
    const research = await sessionWithRoster(h, 'Research');
    const c = sealFor(h, research.sessionId, research.attendeeIds[0]!, { fingerprint: '0000 0001' });

    const all = await h.call('custody.list', {});
    expect(all.envelopes.map((row) => row.envelope.code)).toEqual([c.code, b.code, a.code]);
    expect(all.envelopes[2]!.owner).toEqual({ givenName: 'Amara', familyName: 'Okafor', department: 'Finance Operations', badgeId: '100101' });
    // Only b has its label: a (collected) and c count as "label missing", not in their states.
    expect(all.counts).toEqual({ sealed: 1, collected: 0, inSafe: 0, handedOut: 0, returned: 0, destroyed: 0 });
    expect(all.labelMissing).toBe(2);
    expect(all.sessions.map((s) => [s.department, s.envelopes])).toEqual([
      ['Research', 1],
      ['Finance Operations', 2],
    ]);

    const finance = await h.call('custody.list', { sessionId });
    expect(finance.envelopes.map((row) => row.envelope.code)).toEqual([b.code, a.code]);
    expect({ ...finance.counts, labelMissing: finance.labelMissing }).toMatchObject({ sealed: 1, collected: 0, labelMissing: 1 });
    expect(finance.sessions).toHaveLength(2);
    const codes = async (filter: { state?: 'sealed' | 'collected'; labelMissing?: boolean; sessionId?: string }) => (await h.call('custody.list', filter)).envelopes.map((row) => row.envelope.code);
    expect(await codes({ state: 'sealed', labelMissing: false })).toEqual([b.code]);
    expect(await codes({ labelMissing: true })).toEqual([c.code, a.code]);
    expect(await codes({ state: 'sealed' })).toEqual([c.code, b.code]);
    expect(await codes({ state: 'collected', sessionId: research.sessionId })).toEqual([]);
    // A destroyed envelope needs no label.
    await h.call('custody.move', { code: c.code, to: 'destroyed', note: 'Key failed its test' });
    expect((await h.call('custody.list', {})).labelMissing).toBe(1);
  });
});

describe('the seal-number sequence', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function coreOn(dataDir: string, config: Partial<KioskConfigInput> = {}) {
    return createCore({ config: kioskConfigSchema.parse(config), dataDir, version: 'test' });
  }

  function sealOne(core: ReturnType<typeof coreOn>, sessionId: string, attendeeId: string): string {
    return core.custody.seal({ sessionId, attendeeId, sealNumber: null, keyModel: null, fingerprint: attendeeId.slice(0, 8), actor: 'Frieda Facilitator' }).sealNumber;
  }

  it('survives a restart: the next kiosk run goes on where the last one stopped, and a raised start skips ahead', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-custody-'));
    dirs.push(dataDir);
    const config = { envelopes: { sealNumbers: { prefix: 'bx', start: 7, digits: 3 } } };
    let core = coreOn(dataDir, config);
    const call = async (name: 'access.unlock' | 'session.start' | 'roster.loadTraining' | 'board.get', input: object) => {
      const reply = await core.dispatch(name, input, { transport: 'test' });
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.result as { id: string; rows: { attendee: { id: string } }[] };
    };
    await call('access.unlock', { pin: TRAINING_FACILITATOR_PIN });
    const session = await call('session.start', { department: 'Finance', room: 'A', plannedMinutes: 30 });
    await call('roster.loadTraining', { sessionId: session.id });
    const ids = (await call('board.get', { sessionId: session.id })).rows.map((row) => row.attendee.id);

    expect(sealOne(core, session.id, ids[0]!)).toBe('BX007');
    expect(sealOne(core, session.id, ids[1]!)).toBe('BX008');
    await core.close();

    core = coreOn(dataDir, config);
    expect(sealOne(core, session.id, ids[2]!)).toBe('BX009');
    await core.close();

    core = coreOn(dataDir, { envelopes: { sealNumbers: { prefix: 'BX', start: 500, digits: 3 } } });
    expect(sealOne(core, session.id, ids[3]!)).toBe('BX500');
    await core.close();

    // Lowering the start again never reuses a number.
    core = coreOn(dataDir, config);
    expect(sealOne(core, session.id, ids[4]!)).toBe('BX501');
    await core.close();
  });

  it('config: defaults, and refuses a prefix that would read as an envelope code', () => {
    expect(kioskConfigSchema.parse({}).envelopes).toEqual({ sealNumbers: { prefix: 'K', start: 1000, digits: 6 } });
    expect(kioskConfigSchema.safeParse({ envelopes: { sealNumbers: { prefix: 'env' } } }).success).toBe(false);
    expect(kioskConfigSchema.safeParse({ envelopes: { sealNumbers: { prefix: 'K-' } } }).success).toBe(false);
    expect(kioskConfigSchema.safeParse({ envelopes: { sealNumbers: { digits: 0 } } }).success).toBe(false);
    expect(kioskConfigSchema.safeParse({ envelopes: { other: 1 } }).success).toBe(false);
  });
});
