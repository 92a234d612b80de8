import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChromiumPdfRenderer } from '../../electron/core/print/chromium/chromium-pdf-renderer';
import { PrintService, type RecoverySheetInput } from '../../electron/core/print/print-service';
import { TRAINING_PRINTER_QUEUE, TrainingPrinter } from '../../electron/core/print/training-printer';
import { addPdfQueue, cupsMissing, ensureCups, type PdfQueue } from './helpers/cups-queue';
import { throughTheBackupKey } from './helpers/journey-to-codes';
import { confirmedTrainingAttendee, sessionCore } from './helpers/session-core';
import { sampleLabel, sampleSheet } from '../fixtures/sample-documents';

/**
 * What CUPS sees of one print: the kiosk asks `lpstat` once about the queue and hands the PDF
 * to `lp` once. The CUPS commands are wrapped for this test process only (a folder of scripts
 * first on its PATH) that write each invocation to a log, then run the real command.
 */
const missing = cupsMissing();
const PIN = '482915';

const sheet: RecoverySheetInput = { ...sampleSheet, codes: sampleSheet.codes.slice(0, 2) };
const label = sampleLabel();

describe.skipIf(missing !== null)(`the CUPS commands of one print${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let sheets: PdfQueue;
  let labels: PdfQueue;
  let stopped: PdfQueue;
  let scratch: string;
  let log: string;
  let renderer: ChromiumPdfRenderer;
  let harness: ReturnType<typeof sessionCore> | undefined;
  const path = process.env.PATH;

  beforeAll(async () => {
    await ensureCups();
    sheets = addPdfQueue('kiosk-test-count-sheet');
    labels = addPdfQueue('kiosk-test-count-label');
    stopped = addPdfQueue('kiosk-test-count-stopped');
    execFileSync('cupsdisable', ['-r', 'Paused by the test', stopped.name]);
    scratch = mkdtempSync(join(tmpdir(), 'kiosk-print-count-'));
    log = join(scratch, 'commands.log');
    const bin = join(scratch, 'bin');
    mkdirSync(bin);
    for (const command of ['lpstat', 'lp', 'cupsctl']) {
      const real = execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim();
      writeFileSync(join(bin, command), `#!/bin/sh\nprintf '%s\\n' "${command} $*" >> '${log}'\nexec '${real}' "$@"\n`);
      chmodSync(join(bin, command), 0o755);
    }
    process.env.PATH = `${bin}:${path}`;
    renderer = new ChromiumPdfRenderer({ tempRoot: scratch });
  }, 120_000);

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  afterAll(async () => {
    process.env.PATH = path;
    await renderer?.close();
    for (const queue of [sheets, labels, stopped]) queue?.remove();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** The CUPS commands run while `work` runs, one line each: the command and its arguments. */
  const commandsDuring = async (work: () => Promise<unknown>): Promise<string[]> => {
    writeFileSync(log, '');
    await work();
    return readFileSync(log, 'utf8').split('\n').filter(Boolean);
  };
  const lpstatOf = (queue: string) => `lpstat -r -l -p ${queue} -a ${queue}`;
  const service = (sheetQueue: string, labelQueue: string, mode: 'training' | 'production') =>
    new PrintService({
      renderer,
      config: { sheet: { queue: sheetQueue, paper: 'A4' }, label: { queue: labelQueue, size: '62x100mm' } },
      mode,
      trainingPrinter: mode === 'training' ? new TrainingPrinter(() => new Date()) : undefined,
    });

  it('in production: one lpstat and one lp for the sheet, and again for the label, print after print with the same warm Chromium', async () => {
    const print = service(sheets.name, labels.name, 'production');
    const chromiumFolders = () => readdirSync(scratch).filter((name) => name.startsWith('kiosk-print-'));
    const seen = new Set<string>();
    for (let round = 0; round < 2; round += 1) {
      let jobId = '';
      expect(await commandsDuring(async () => ({ jobId } = await print.printRecoverySheet(sheet)))).toEqual([lpstatOf(sheets.name), `lp -d ${sheets.name} -t Enrollment Kiosk - recovery sheet -o media=A4`]);
      await sheets.waitForPdf(jobId);
      expect(await commandsDuring(async () => ({ jobId } = await print.printEnvelopeLabel(label)))).toEqual([lpstatOf(labels.name), `lp -d ${labels.name} -t Enrollment Kiosk - envelope label -o media=Custom.62x100mm`]);
      await labels.waitForPdf(jobId);
      for (const folder of chromiumFolders()) seen.add(folder);
    }
    // One Chromium (one private folder) made all four documents.
    expect(seen.size).toBe(1);
  }, 120_000);

  it('in training: one lpstat and one lp where the queue exists; one lpstat and no lp where it is missing (the training printer takes it)', async () => {
    const absent = 'kiosk-test-count-absent';
    const print = service(sheets.name, absent, 'training');
    expect(await commandsDuring(() => print.printRecoverySheet(sheet))).toEqual([lpstatOf(sheets.name), `lp -d ${sheets.name} -t Enrollment Kiosk - recovery sheet -o media=A4`]);
    let queue = '';
    expect(await commandsDuring(async () => ({ queue } = await print.printEnvelopeLabel(label)))).toEqual([lpstatOf(absent)]);
    expect(queue).toBe(TRAINING_PRINTER_QUEUE);
  }, 120_000);

  it('a stopped queue: one lpstat, and nothing is handed to lp', async () => {
    const print = service(stopped.name, labels.name, 'production');
    expect(await commandsDuring(() => print.printRecoverySheet(sheet).catch(() => null))).toEqual([lpstatOf(stopped.name)]);
  }, 120_000);

  it('from the journey: "print my codes" is one lpstat and one lp', async () => {
    const h = (harness = sessionCore({ printers: { sheet: { queue: sheets.name }, label: { queue: labels.name } } }));
    const who = await confirmedTrainingAttendee(h, '100106');
    await throughTheBackupKey(h, who, PIN);
    expect(await commandsDuring(() => h.call('journey.codes.print', { ...who, locale: 'en' }))).toEqual([lpstatOf(sheets.name), `lp -d ${sheets.name} -t Enrollment Kiosk - recovery sheet -o media=A4`]);
  }, 120_000);
});
