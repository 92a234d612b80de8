import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChromiumPdfRenderer } from '../../electron/core/print/chromium/chromium-pdf-renderer';
import { PrintService } from '../../electron/core/print/print-service';
import { TRAINING_PRINTER_QUEUE } from '../../electron/core/print/training-printer';
import { KioskError } from '../../shared/contract/errors';
import { cupsMissing } from './helpers/cups-queue';
import { throughTheBackupKey } from './helpers/journey-to-codes';
import { confirmedTrainingAttendee, sessionCore } from './helpers/session-core';

/**
 * Training on a machine without the configured print queues: the documents go to the training
 * printer and are shown on screen (the very HTML that would print, as an image); the journey
 * goes on. Production keeps the clear printer error. The queues are named so that no CUPS has
 * them; CUPS itself is asked, as in every print.
 */
const missing = cupsMissing();
const PIN = '482915';
const absent = () => `kiosk-test-absent-${randomBytes(4).toString('hex')}`;
/** The page's SVG as it reads: the soft hyphens between syllables show only where a line ends at one. */
const svgOf = (image: string) => decodeURIComponent(image.replace(/^data:image\/svg\+xml;charset=utf-8,/, '')).replaceAll('\u00AD', '');

let harness: ReturnType<typeof sessionCore> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe.skipIf(missing !== null)(`the training printer${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('prints the sheet and the label on screen when the queues are missing, drops the sheet with its codes at "I have my sheet", and logs the job but never the page handle', async () => {
    const h = (harness = sessionCore({ printers: { sheet: { queue: absent() }, label: { queue: absent() } } }));
    const who = await confirmedTrainingAttendee(h, '100106');
    await throughTheBackupKey(h, who, PIN);

    const printed = await h.call('journey.codes.print', { ...who, locale: 'de' });
    const sheetHandle = printed.recoveryCodes.onScreen;
    expect(printed.recoveryCodes).toMatchObject({ printed: true, count: 10, onScreen: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const sheet = await h.call('print.onScreen', { handle: sheetHandle! });
    expect(sheet).toMatchObject({ document: 'sheet', widthMm: 210, heightMm: 297 });
    const sheetSvg = svgOf(sheet.image);
    expect(sheetSvg).toContain('Tobias Weißenböck');
    expect(sheetSvg).toContain('SCHULUNG');
    expect(sheetSvg.match(/\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b/g)).toHaveLength(10);
    // No script can run in it and it loads nothing: the page is one self-contained SVG image.
    expect(sheetSvg).not.toMatch(/<script|src="http|href="http/i);

    const confirmed = await h.call('journey.codes.confirm', who);
    expect(confirmed.place).toBe('envelope');
    expect((await h.fail('print.onScreen', { handle: sheetHandle! })).code).toBe('not_found');

    const sealed = await h.call('journey.envelope.print', { ...who, sealNumber: null, locale: 'en' });
    expect(sealed.place).toBe('done');
    const label = await h.call('print.onScreen', { handle: sealed.envelope!.onScreen! });
    expect(label).toMatchObject({ document: 'label', widthMm: 62, heightMm: 100 });
    expect(svgOf(label.image)).toContain(sealed.envelope!.code);
    expect(svgOf(label.image)).toContain('TRAINING');

    const audit = h.core.db.prepare("SELECT action, data FROM audit_log ORDER BY seq").all() as { action: string; data: string }[];
    const printedEntry = audit.find((row) => row.action === 'journey.codesPrinted');
    expect(JSON.parse(printedEntry!.data)).toMatchObject({ queue: TRAINING_PRINTER_QUEUE, jobId: expect.stringMatching(/^training-\d+$/) });
    const everything = JSON.stringify(audit);
    expect(everything).not.toContain(sheetHandle);
    expect(everything).not.toContain(sealed.envelope!.onScreen);
  });

  it('a restart between the print and "I have my sheet" voids the first sheet: the resumed step says when it was printed, before and after the new sheet', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-void-sheet-'));
    const config = { printers: { sheet: { queue: absent() }, label: { queue: absent() } } };
    let second: ReturnType<typeof sessionCore> | null = null;
    try {
      const first = sessionCore(config, {}, { dataDir });
      const who = await confirmedTrainingAttendee(first, '100104');
      await throughTheBackupKey(first, who, PIN);
      const printed = await first.call('journey.codes.print', { ...who, locale: 'en' });
      expect(printed.recoveryCodes.voidSheetPrintedAt).toBeNull();
      const firstSheetAt = (first.core.db.prepare("SELECT at FROM audit_log WHERE action = 'journey.codesPrinted'").pluck().get() as string);
      await first.core.close();

      second = sessionCore(config, {}, { dataDir });
      const resumed = await second.call('journey.get', who);
      expect(resumed).toMatchObject({ place: 'recoveryCodes', recoveryCodes: { printed: false, voidSheetPrintedAt: firstSheetAt } });
      const reprinted = await second.call('journey.codes.print', { ...who, locale: 'en' });
      expect(reprinted.recoveryCodes).toMatchObject({ printed: true, voidSheetPrintedAt: firstSheetAt });
      expect((await second.call('journey.codes.confirm', who)).place).toBe('envelope');
    } finally {
      await second?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('the status screen names the training printer for a missing queue in training, and only there', async () => {
    const h = (harness = sessionCore({ printers: { sheet: { queue: absent() }, label: { queue: absent() } } }));
    const { printers } = await h.call('printers.status', {});
    expect(printers.map(({ role, state, onScreen }) => ({ role, state, onScreen }))).toEqual([
      { role: 'sheet', state: 'unknownPrinter', onScreen: true },
      { role: 'label', state: 'unknownPrinter', onScreen: true },
    ]);
    const production = new PrintService({ renderer: new ChromiumPdfRenderer(), config: { sheet: { queue: absent(), paper: 'A4' }, label: { queue: absent(), size: '62x100mm' } }, mode: 'production' });
    expect((await production.printers()).map((printer) => printer.onScreen)).toEqual([false, false]);
  });

  it('in production the same missing queue is the printer error it always was', async () => {
    const queue = absent();
    const print = new PrintService({ renderer: new ChromiumPdfRenderer(), config: { sheet: { queue, paper: 'A4' }, label: { queue: absent(), size: '62x100mm' } }, mode: 'production' });
    const failure = await print.printRecoverySheet({ locale: 'en', name: 'Ada Lovelace', date: new Date(), idpName: 'Example sign-in', codes: ['K7QX3MPDW2RT'] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KioskError);
    expect(failure).toMatchObject({ code: 'print_failed', details: { reason: 'unknownPrinter', queue } });
  });
});
