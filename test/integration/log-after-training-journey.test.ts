import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { throughTheBackupKey } from './helpers/journey-to-codes';
import { confirmedTrainingAttendee, sessionCore } from './helpers/session-core';
import { until } from './helpers/until';

const PIN = '482915';
let harness: ReturnType<typeof sessionCore> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Queues no CUPS has: training prints on the training printer, where the test reads the codes off the sheet. */
const absent = () => `kiosk-test-absent-${randomBytes(4).toString('hex')}`;

/** Every log file the core wrote: the current one and any rotated ones beside it. */
function readLog(dataDir: string): string {
  const dir = join(dataDir, 'logs');
  return readdirSync(dir)
    .filter((name) => name.startsWith('kiosk.log'))
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('');
}

describe('the log after a full training journey through the core', () => {
  it('names every call with its outcome and holds no PIN, recovery code or enrollment-link token', async () => {
    const h = (harness = sessionCore({ printers: { sheet: { queue: absent() }, label: { queue: absent() } } }));
    const who = await confirmedTrainingAttendee(h, '100106');

    let linkToken = '';
    await throughTheBackupKey(h, who, PIN, (url) => {
      linkToken = url.split('/').pop()!;
    });
    const printed = await h.call('journey.codes.print', { ...who, locale: 'en' });
    const sheet = decodeURIComponent(h.core.print.onScreen(printed.recoveryCodes.onScreen!)!.image);
    const dashed = [...sheet.matchAll(/<span class="code">([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})<\/span>/g)].map((m) => m[1]!);
    expect(dashed).toHaveLength(10);
    await h.call('journey.codes.confirm', who);
    await h.call('journey.envelope.print', { ...who, sealNumber: null, locale: 'en' });
    await h.comeBack();
    await until('the board to say enrolled', async () => {
      const board = await h.call('board.get', { sessionId: who.sessionId });
      return board.rows.find((r) => r.attendee.id === who.attendeeId)?.enrollment?.outcome === 'enrolled';
    });
    // One refused call, so an error outcome is in the log too.
    expect((await h.fail('journey.codes.reprint', { ...who, locale: 'en' })).code).toBeTruthy();
    await h.core.close();

    const log = readLog(h.dataDir);
    const secrets = { PIN, linkToken, ...Object.fromEntries(dashed.flatMap((code, i) => [[`code ${i + 1}`, code], [`code ${i + 1} without dashes`, code.replace(/-/g, '')]])) };
    expect(Object.entries(secrets).filter(([, value]) => log.includes(value)).map(([what]) => what)).toEqual([]);

    const lines = log.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; call?: string; outcome?: string; ms?: number; key?: { event: string; outcome?: string }; outbox?: { result: string } });
    const calls = lines.filter((line) => line.msg === 'call');
    for (const name of ['session.start', 'badge.scan', 'identity.confirm', 'journey.passkey.start', 'journey.key.setPin', 'journey.key.register', 'journey.codes.print', 'journey.codes.confirm', 'journey.envelope.print', 'board.get']) {
      expect(calls.some((line) => line.call === name && line.outcome === 'ok' && typeof line.ms === 'number'), name).toBe(true);
    }
    expect(calls.some((line) => line.call === 'journey.codes.reprint' && line.outcome !== 'ok')).toBe(true);
    expect(lines.filter((line) => line.key).map((line) => `${line.key!.event}:${line.key!.outcome ?? ''}`)).toEqual(expect.arrayContaining(['pinSet:ok', 'registered:ok', 'testSignIn:ok']));
    expect(lines.some((line) => line.outbox?.result === 'done')).toBe(true);
    expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['kiosk started', 'kiosk stopped']));
  });
});
