import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAMILY_NAME_MAX, GIVEN_NAME_MAX } from '../../shared/domain/limits';
import { labelSizeNames, labelSizes, paperNames, type LabelSizeName, type PaperName } from '../../electron/core/print/page-sizes';
import { PrintService, type EnvelopeLabelInput } from '../../electron/core/print/print-service';
import { sampleLabel } from '../fixtures/sample-documents';
import { cupsMissing, type PdfQueue } from './helpers/cups-queue';
import { printRig, type PrintRig } from './helpers/print-rig';
import { decodeQr, pageSizeMm, pagesOf, readsWhole, renderPng, textOf, wordsOffThePage } from './helpers/pdf-readback';

/**
 * Whatever the roster accepts prints whole, through a real CUPS queue (cups-pdf): names of
 * 120 + 120 characters, a 60-character department and a 200-character name without a break,
 * on the sheet (A4, Letter) and on the label at every size. Each PDF is read back: one page,
 * every word inside it (whole, read across the lines it wraps over, hyphenated or not), every
 * word of the text above the label's seal number (nothing runs under the QR code), and the QR
 * code decodes.
 */
const missing = cupsMissing();
const printTimeoutMs = 180_000;

/** Words as a roster holds them, exactly `length` characters, not ending in a space. */
const words = (length: number, seed: string) => `${seed.repeat(Math.ceil(length / seed.length) + 1).slice(0, length - 1).trimEnd()}x`.padEnd(length, 'x');
const given = words(GIVEN_NAME_MAX, 'Maximiliane Ludovica ');
const family = words(FAMILY_NAME_MAX, 'von Wolkenstein-Brandenburg ');
const department = words(60, 'Informationssicherheitsmanagementabteilung Nord-Ost ');

const cases = {
  '120 + 120 names, a 60-character department': { locale: 'en', name: `${given} ${family}`, department, sealWord: 'Seal' },
  'a 200-character name without a break': { locale: 'de', name: 'W'.repeat(200), department: 'Informationssicherheitsmanagementabteilung', sealWord: 'Siegel-Nr.' },
} as const;

const label = (values: (typeof cases)[keyof typeof cases]): EnvelopeLabelInput =>
  sampleLabel({ locale: values.locale, name: values.name, department: values.department, date: new Date(2026, 8, 22, 10, 45), sealNumber: 'E-004711', reprint: true });

describe.skipIf(missing !== null)(`long values print whole through a real CUPS queue${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let rig: PrintRig;
  let sheets: PdfQueue;
  let labels: PdfQueue;
  const service = (paper: PaperName, size: LabelSizeName) =>
    new PrintService({ renderer: rig.renderer, config: { sheet: { queue: sheets.name, paper }, label: { queue: labels.name, size } }, mode: 'training' });

  beforeAll(async () => {
    rig = await printRig('kiosk-print-long', ['kiosk-test-long-sheet', 'kiosk-test-long-label']);
    sheets = rig.queues['kiosk-test-long-sheet']!;
    labels = rig.queues['kiosk-test-long-label']!;
  }, 120_000);

  afterAll(() => rig?.close());

  describe.each(labelSizeNames)('the envelope label at %s', (size) => {
    it.each(Object.entries(cases))(
      'with %s: one page, every word on it, the text above the seal number, the QR code readable',
      async (name, values) => {
        const receipt = await service('A4', size).printEnvelopeLabel(label(values));
        const pdf = await labels.waitForPdf(receipt.jobId);
        const pages = pagesOf(pdf);
        expect(pages).toHaveLength(1);
        const [page] = pages;
        if (!page) throw new Error('no page');
        expect(pageSizeMm(page).width).toBeCloseTo(labelSizes[size].widthMm, 0);
        expect(pageSizeMm(page).height).toBeCloseTo(labelSizes[size].heightMm, 0);
        expect(wordsOffThePage(page)).toEqual([]);

        const text = textOf(pdf);
        for (const part of [values.name, values.department, 'YubiKey 5 NFC', '8BE3 9858', 'Priya Raman', 'E-004711', 'ENV-7F3K2M9Q']) expect(readsWhole(text, part), `${part} in ${text}`).toBe(true);

        // The custody block (seal number, QR code, custody code) is below everything else.
        const seal = page.words.find((word) => word.text === values.sealWord);
        if (!seal) throw new Error(`no "${values.sealWord}" on the label`);
        const custodyBlock = new Set([values.sealWord, 'no.', 'E-004711', 'ENV-7F3K2M9Q']);
        const below = page.words.filter((word) => !custodyBlock.has(word.text) && word.yMax > seal.yMin);
        expect(below).toEqual([]);

        const png = renderPng(pdf, `label-${size}-${name.replace(/\W+/g, '-')}`, 300);
        expect(decodeQr(png)).toBe('ENV-7F3K2M9Q');
      },
      printTimeoutMs,
    );
  });

  describe.each(paperNames)('the recovery sheet on %s', (paper) => {
    it.each(Object.entries(cases))(
      'with %s: one page, every word on it, the name whole',
      async (name, values) => {
        const codes = ['K7QX3MPDW2RT', 'B9HN4CZE6YVA', 'T3GW8KRM2PXF', 'Q5JD7NSA9HEC', 'M2VB6XTK4RZW', 'E8PC3FHQ7NYD', 'W4RZ9AMG5KTB', 'H6ND2YEX8QCV', 'C3KT7BWP4MJS', 'Z9FA5GRH2DNE'];
        const receipt = await service(paper, '62x100mm').printRecoverySheet({ locale: values.locale, name: values.name, date: new Date(2026, 8, 22), idpName: 'X'.repeat(80), codes });
        const pdf = await sheets.waitForPdf(receipt.jobId);
        const pages = pagesOf(pdf);
        expect(pages).toHaveLength(1);
        const [page] = pages;
        if (!page) throw new Error('no page');
        expect(wordsOffThePage(page)).toEqual([]);
        const text = textOf(pdf);
        expect(readsWhole(text, values.name), `${values.name} in ${text}`).toBe(true);
        expect(readsWhole(text, 'X'.repeat(80)), text).toBe(true);
        expect(text).toContain('K7QX-3MPD-W2RT');
        renderPng(pdf, `sheet-${paper}-${name.replace(/\W+/g, '-')}`, 80);
      },
      printTimeoutMs,
    );
  });
});
