import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKioskError } from '../../shared/contract/errors';
import { ChromiumPdfRenderer } from '../../electron/core/print/chromium/chromium-pdf-renderer';
import { groupForReading } from '../../electron/core/print/recovery-sheet';
import { formatPrintDate } from '../../electron/core/print/print-text';
import { PrintService } from '../../electron/core/print/print-service';
import { addPdfQueue, cupsMissing, ensureCups, spooledDocument, type PdfQueue } from './helpers/cups-queue';
import { sampleLabel, sampleSheet } from '../fixtures/sample-documents';

/**
 * The kiosk prints through a real CUPS queue (cups-pdf), and the test reads the paper back as
 * a person would: the text with pdftotext, the label's QR code with a decoder on a 300 dpi
 * rendering. The PNGs land in test-results/print/ for a person to look at.
 */
const missing = cupsMissing();
const pngDir = join(import.meta.dirname, '..', '..', 'test-results', 'print');
const printTimeoutMs = 120_000;

const sheet = sampleSheet;
const label = sampleLabel({ name: 'Jürgen Müller-Lüdenscheidt', department: 'Finance & Controlling' });

/** What a person reads on the page: pdftotext's words, with line breaks as spaces. */
const textOf = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
/** A long name may wrap on a narrow label; the words are still all there, in order. */
const withoutSpaces = (text: string) => text.replace(/\s+/g, '');
const pageSizeMm = (pdf: string) => {
  const match = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }));
  return { width: (Number(match?.[1]) * 25.4) / 72, height: (Number(match?.[2]) * 25.4) / 72 };
};
/** Renders page 1 at `dpi` into test-results/print/NAME.png and returns its path. */
const renderPng = (pdf: string, name: string, dpi: number) => {
  const base = join(pngDir, name);
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-singlefile', pdf, base]);
  return `${base}.png`;
};

describe.skipIf(missing !== null)(`printing through a real CUPS queue${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let sheetQueue: PdfQueue;
  let labelQueue: PdfQueue;
  let stoppedQueue: PdfQueue;
  let rejectingQueue: PdfQueue;
  let tempRoot: string;
  let renderer: ChromiumPdfRenderer;
  let service: PrintService;
  const withQueues = (sheetQueueName: string, labelQueueName: string) => ({ sheet: { queue: sheetQueueName, paper: 'A4' as const }, label: { queue: labelQueueName, size: '62x100mm' as const } });

  beforeAll(async () => {
    await ensureCups();
    sheetQueue = addPdfQueue('kiosk-test-sheet');
    labelQueue = addPdfQueue('kiosk-test-label');
    stoppedQueue = addPdfQueue('kiosk-test-stopped');
    execFileSync('cupsdisable', ['-r', 'Paused by the test', stoppedQueue.name]);
    rejectingQueue = addPdfQueue('kiosk-test-rejecting');
    execFileSync('cupsreject', ['-r', 'Closed by the test', rejectingQueue.name]);
    mkdirSync(pngDir, { recursive: true });
    tempRoot = mkdtempSync(join(tmpdir(), 'kiosk-print-test-'));
    // One Chromium for the whole file, kept open between prints as the web host keeps it.
    renderer = new ChromiumPdfRenderer({ tempRoot });
    service = new PrintService({ renderer, config: withQueues(sheetQueue.name, labelQueue.name), mode: 'training' });
  }, 120_000);

  afterAll(async () => {
    await service?.close();
    for (const queue of [sheetQueue, labelQueue, stoppedQueue, rejectingQueue]) queue?.remove();
    if (tempRoot) rmSync(tempRoot, { recursive: true, force: true });
  });

  /**
   * No document is ever on disk: while Chromium runs, its private folder (its profile) is all
   * there is under the temp root, and no file in it holds a word of the printed documents.
   */
  const expectNoDocumentOnDisk = (...printed: string[]) => {
    const folders = readdirSync(tempRoot);
    expect(folders.every((name) => /^kiosk-print-[A-Za-z0-9]{6}$/.test(name)), folders.join(', ')).toBe(true);
    expect(folders.length).toBeLessThanOrEqual(1);
    const found = filesUnder(tempRoot).flatMap((file) => {
      const bytes = readFileSync(file);
      return printed.filter((word) => bytes.includes(word)).map((word) => `${word} in ${file}`);
    });
    expect(found).toEqual([]);
  };

  it(
    'prints the recovery sheet on A4 with the name, the date, the sign-in and every code, and keeps no copy anywhere',
    async () => {
      const receipt = await service.printRecoverySheet(sheet);
      expectNoDocumentOnDisk(sheet.name, ...sheet.codes, ...sheet.codes.map(groupForReading));
      expect(receipt.queue).toBe(sheetQueue.name);
      const pdf = await sheetQueue.waitForPdf(receipt.jobId);
      const text = textOf(pdf);
      expect(text).toContain('Your recovery codes');
      expect(text).toContain('Amara Okafor');
      expect(text).toContain(formatPrintDate(sheet.date, 'en'));
      expect(text).toContain('Sign-in Example Corp');
      for (const code of sheet.codes) expect(text).toContain(groupForReading(code));
      expect(text).toContain('TRAINING');
      const size = pageSizeMm(pdf);
      expect(size.width).toBeCloseTo(210, 0);
      expect(size.height).toBeCloseTo(297, 0);
      // PreserveJobFiles=No: CUPS dropped its spooled copy once the job was printed.
      expect(existsSync(spooledDocument(receipt.jobId))).toBe(false);
      renderPng(pdf, 'recovery-sheet-a4-en', 110);
    },
    printTimeoutMs,
  );

  it(
    'prints the sheet in German',
    async () => {
      const receipt = await service.printRecoverySheet({ ...sheet, locale: 'de', name: 'Jürgen Müller', codes: sheet.codes.slice(0, 6) });
      expectNoDocumentOnDisk('Müller', ...sheet.codes.slice(0, 6));
      const text = textOf(await sheetQueue.waitForPdf(receipt.jobId));
      expect(text).toContain('Ihre Wiederherstellungscodes');
      expect(text).toContain('Jürgen Müller');
      expect(text).toContain('2. Dezember 2026');
      expect(text).toContain('SCHULUNG');
      renderPng(await sheetQueue.waitForPdf(receipt.jobId), 'recovery-sheet-a4-de', 110);
    },
    printTimeoutMs,
  );

  it(
    'prints the envelope label at 62 × 100 mm with its text, and its QR code decodes to the custody value',
    async () => {
      const receipt = await service.printEnvelopeLabel(label);
      expectNoDocumentOnDisk('Lüdenscheidt', label.sealNumber, label.custodyValue);
      const pdf = await labelQueue.waitForPdf(receipt.jobId);
      const text = withoutSpaces(textOf(pdf));
      for (const expected of ['Jürgen Müller-Lüdenscheidt', 'Finance & Controlling', 'YubiKey 5 NFC', '8BE3 9858', formatPrintDate(label.date as Date, 'en'), 'Priya Raman', 'S-004711', 'ENV-7F3K2M9Q', 'TRAINING']) {
        expect(text).toContain(withoutSpaces(expected));
      }
      const size = pageSizeMm(pdf);
      expect(size.width).toBeCloseTo(62, 0);
      expect(size.height).toBeCloseTo(100, 0);
      const png = PNG.sync.read(readFileSync(renderPng(pdf, 'envelope-label-62x100mm', 300)));
      const qr = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
      expect(qr?.data).toBe('ENV-7F3K2M9Q');
    },
    printTimeoutMs,
  );

  const failureOf = async (print: Promise<unknown>) => {
    const error = await print.then(
      () => null,
      (caught: unknown) => caught,
    );
    if (!isKioskError(error)) throw new Error(`expected a KioskError, got ${String(error)}`);
    return { code: error.code, message: error.message, reason: (error.details as { reason?: string } | undefined)?.reason };
  };

  it('refuses a stopped queue with print_failed (queueStopped) before anything is queued there', async () => {
    const stopped = new PrintService({ renderer, config: withQueues(stoppedQueue.name, labelQueue.name), mode: 'production' });
    const failure = await failureOf(stopped.printRecoverySheet(sheet));
    expect(failure).toMatchObject({ code: 'print_failed', reason: 'queueStopped' });
    expect(failure.message).toContain('Paused by the test');
    expect(failure.message).toContain(`cupsenable ${stoppedQueue.name}`);
    expect(execFileSync('lpstat', ['-o', stoppedQueue.name], { encoding: 'utf8' })).toBe('');
  });

  it('refuses a queue that does not accept jobs (queueRejecting) and one that does not exist (unknownPrinter)', async () => {
    const rejecting = new PrintService({ renderer, config: withQueues(rejectingQueue.name, rejectingQueue.name), mode: 'production' });
    expect(await failureOf(rejecting.printEnvelopeLabel(label))).toMatchObject({ code: 'print_failed', reason: 'queueRejecting' });
    const unknown = new PrintService({ renderer, config: withQueues('kiosk-test-no-such-queue', 'kiosk-test-no-such-queue'), mode: 'production' });
    const failure = await failureOf(unknown.printRecoverySheet(sheet));
    expect(failure).toMatchObject({ code: 'print_failed', reason: 'unknownPrinter' });
    expect(failure.message).toContain('"kiosk-test-no-such-queue"');
  });

  it('says renderFailed when Chromium cannot run, and leaves no private folder behind', async () => {
    const brokenRoot = mkdtempSync(join(tmpdir(), 'kiosk-print-test-broken-'));
    const broken = new PrintService({ renderer: new ChromiumPdfRenderer({ tempRoot: brokenRoot, chromium: '/nonexistent/chromium' }), config: withQueues(sheetQueue.name, labelQueue.name), mode: 'production' });
    try {
      expect(await failureOf(broken.printRecoverySheet(sheet))).toMatchObject({ code: 'print_failed', reason: 'renderFailed' });
      expect(readdirSync(brokenRoot)).toEqual([]);
    } finally {
      await broken.close();
      rmSync(brokenRoot, { recursive: true, force: true });
    }
  });

  it('reports each configured queue as CUPS sees it, and that CUPS keeps no printed documents', async () => {
    const status = new PrintService({ renderer, config: { sheet: { queue: sheetQueue.name, paper: 'Letter' }, label: { queue: stoppedQueue.name, size: 'C6' } }, mode: 'production' });
    expect(await status.printers()).toEqual([
      { role: 'sheet', printer: sheetQueue.name, media: 'Letter', state: 'idle', reason: null, alerts: [], onScreen: false },
      { role: 'label', printer: stoppedQueue.name, media: 'C6', state: 'stopped', reason: 'Paused by the test', alerts: ['paused'], onScreen: false },
    ]);
    expect(await status.keepsJobFiles()).toBe(false);
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}
