import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingIdp } from '../../electron/core/idp/training/training-idp';
import { addPdfQueue, cupsMissing, ensureCups, type PdfQueue } from './helpers/cups-queue';
import { confirmedTrainingAttendee, sessionCore } from './helpers/session-core';
import { until } from './helpers/until';

/**
 * Issue 17, new recovery codes in a session (training kiosk, real CUPS queue): offered only to
 * an attendee whose journey is finished, the first sheet's codes replaced at the IdP once the
 * attendee has the new one, and a sheet a restart interrupted is gone with its codes.
 */
const missing = cupsMissing();
let harness: ReturnType<typeof sessionCore> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const textOf = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
const codesOn = (text: string) => [...text.matchAll(/\b([A-Z2-9]{4})-([A-Z2-9]{4})-([A-Z2-9]{4})\b/g)].map((m) => `${m[1]}${m[2]}${m[3]}`);

function lastJob(h: ReturnType<typeof sessionCore>, action: string): string {
  const data = h.core.db.prepare('SELECT data FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1').pluck().get(action) as string;
  return (JSON.parse(data) as { jobId: string }).jobId;
}

describe.skipIf(missing !== null)(`new recovery codes for an attendee of a session${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let sheets: PdfQueue;
  beforeAll(async () => {
    await ensureCups();
    sheets = addPdfQueue('kiosk-test-new-codes-session');
  });
  afterAll(() => sheets?.remove());

  it('refuses while the journey is under way, then replaces the first sheet\'s codes at the IdP once the attendee confirms the new sheet', async () => {
    const h = (harness = sessionCore({ printers: { sheet: { queue: sheets.name } } }));
    const who = await confirmedTrainingAttendee(h, '100106');
    await h.comeBack();
    expect(await h.fail('recovery.newCodes', { ...who, locale: 'en' })).toMatchObject({ code: 'conflict', reason: 'recovery.journeyNotDone' });

    // The journey, short: no phone, no key, the first sheet, nothing to seal.
    await h.call('journey.skip', { ...who, step: 'platformPasskey', reason: 'noSmartphone' });
    await h.call('journey.skip', { ...who, step: 'backupKey', reason: 'noKeyAvailable' });
    await h.call('journey.codes.print', { ...who, locale: 'en' });
    const firstCodes = codesOn(textOf(await sheets.waitForPdf(lastJob(h, 'journey.codesPrinted'))));
    await h.call('journey.codes.confirm', who);
    expect((await h.call('journey.envelope.print', { ...who, sealNumber: null, locale: 'en' })).place).toBe('done');
    const idp = h.core.idp as TrainingIdp;
    const user = (await idp.findUser({ badgeId: '100106' }))!;
    await until('the first sheet at the training IdP', async () => idp.acceptsRecoveryCode(user.id, firstCodes[0]!));

    await h.comeBack();
    const sheet = await h.call('recovery.newCodes', { ...who, locale: 'de' });
    expect(sheet).toMatchObject({ displayName: 'Tobias Weißenböck', mode: 'kioskIssuedHashed', status: 'printed' });
    // Asked again (a second tap, another screen), the kiosk answers with the sheet it holds: no second set of codes.
    expect(await h.call('recovery.newCodes', { ...who, locale: 'de' })).toMatchObject({ sheetId: sheet.sheetId, status: 'printed' });
    const newCodes = codesOn(textOf(await sheets.waitForPdf(lastJob(h, 'recovery.newCodesPrinted'))));
    expect(newCodes).toHaveLength(firstCodes.length);
    expect(h.core.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'recovery.newCodesPrinted'").pluck().get()).toBe(1);

    await h.call('recovery.sheetConfirm', { sheetId: sheet.sheetId });
    await until('the new sheet at the training IdP', async () => idp.acceptsRecoveryCode(user.id, newCodes[0]!));
    expect(newCodes.every((code) => idp.acceptsRecoveryCode(user.id, code))).toBe(true);
    expect(firstCodes.filter((code) => idp.acceptsRecoveryCode(user.id, code))).toEqual([]);
    const confirmed = h.core.db.prepare("SELECT actor, subject, data FROM audit_log WHERE action = 'recovery.newCodesConfirmed'").get() as { actor: string; subject: string; data: string };
    expect(confirmed).toMatchObject({ actor: 'Training facilitator', subject: who.attendeeId });
    expect(JSON.parse(confirmed.data)).toMatchObject({ sessionId: who.sessionId, idpUserId: user.id, outboxItemIds: [expect.any(Number)] });
  });

  it('forgets a sheet when the kiosk restarts: nothing reached the outbox, and the sheet id is unknown', async () => {
    const first = sessionCore({ printers: { sheet: { queue: sheets.name } } });
    harness = first;
    const who = await confirmedTrainingAttendee(first, '100107');
    await first.comeBack();
    for (const step of ['platformPasskey', 'backupKey'] as const) await first.call('journey.skip', { ...who, step, reason: step === 'backupKey' ? 'noKeyAvailable' : 'later' });
    await first.call('journey.skip', { ...who, step: 'recoveryCodes', reason: 'printerBroken' });
    await first.call('journey.envelope.print', { ...who, sealNumber: null, locale: 'en' });
    await first.comeBack();
    const sheet = await first.call('recovery.newCodes', { ...who, locale: 'en' });
    await first.core.close();

    const second = sessionCore({ printers: { sheet: { queue: sheets.name } } }, {}, { dataDir: first.dataDir });
    harness = second;
    expect(await second.fail('recovery.sheetConfirm', { sheetId: sheet.sheetId })).toMatchObject({ code: 'not_found', reason: 'recovery.sheetUnknown' });
    expect(second.core.db.prepare("SELECT COUNT(*) FROM outbox WHERE kind = 'idp.recoveryCodeHashes'").pluck().get()).toBe(0);
    await second.close();
    harness = undefined;
    rmSync(first.dataDir, { recursive: true, force: true });
  });
});
