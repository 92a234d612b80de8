import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrintService, type EnvelopeLabelInput } from '../../electron/core/print/print-service';
import type { Locale } from '../../shared/domain/locale';
import { softHyphen, withSoftHyphens } from '../../electron/core/print/soft-hyphens';
import { sampleLabel } from '../fixtures/sample-documents';
import { cupsMissing, type PdfQueue } from './helpers/cups-queue';
import { printRig, type PrintRig } from './helpers/print-rig';
import { decodeQr, readsWhole, renderPng, textOf } from './helpers/pdf-readback';

/**
 * A long word on the 62 × 100 mm label breaks where its language lets it, with a hyphen, through
 * a real CUPS queue (cups-pdf): Chromium on Linux has no hyphenation dictionaries, so the label
 * carries soft hyphens from TeX's patterns. pdftotext -layout reads each line as printed; the
 * renderings land in test-results/print/ for a person to look at.
 */
const missing = cupsMissing();
const printTimeoutMs = 120_000;

/** Where one line of the value ends and the next begins (an index into the value), and whether a "-" ends the line there that the value does not have. */
interface LineBreak {
  at: number;
  drawnHyphen: boolean;
}

/** The lines of pdftotext -layout that spell `value` from one to the next, and where they break it; null when no run of lines does. */
function lineBreaksOf(layoutText: string, value: string): LineBreak[] | null {
  const lines = layoutText.split('\n').map((line) => line.trim());
  for (let first = 0; first < lines.length; first += 1) {
    const breaks: LineBreak[] = [];
    let at = 0;
    for (const line of lines.slice(first)) {
      const drawnHyphen = line.endsWith('-') && !value.startsWith(line, at);
      const part = drawnHyphen ? line.slice(0, -1) : line;
      if (part.length === 0 || !value.startsWith(part, at)) break;
      at += part.length;
      if (at === value.length) return breaks;
      breaks.push({ at, drawnHyphen });
      // A line that ended at a space: the next one starts after it.
      if (value[at] === ' ') at += 1;
    }
  }
  return null;
}

/** The indexes of `value` where its language's patterns let a word break. */
function patternPoints(value: string, locale: Locale): Set<number> {
  const points = new Set<number>();
  let at = 0;
  for (const char of withSoftHyphens(value, locale)) {
    if (char === softHyphen) points.add(at);
    else at += char.length;
  }
  return points;
}

const letter = /^\p{L}$/u;

const label = (values: Pick<EnvelopeLabelInput, 'locale' | 'name' | 'department'>): EnvelopeLabelInput =>
  sampleLabel({ ...values, date: new Date(2026, 8, 22, 10, 45), sealNumber: 'E-004711' });

const cases = {
  'a German department of one compound word': { locale: 'de', name: 'Jürgen Müller', department: 'Informationssicherheitsmanagementabteilung' },
  'an English department with a long English word': { locale: 'en', name: 'Amara Okafor', department: 'Counterintelligence and Telecommunications' },
} as const;

describe.skipIf(missing !== null)(`long words on the label break at their syllables, with a hyphen${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let rig: PrintRig;
  let labels: PdfQueue;

  beforeAll(async () => {
    rig = await printRig('kiosk-print-hyphen', ['kiosk-test-hyphen-label']);
    labels = rig.queues['kiosk-test-hyphen-label']!;
  }, 120_000);

  afterAll(() => rig?.close());

  it.each(Object.entries(cases))(
    'with %s at 62 × 100 mm: broken inside a word only at a pattern point and with a hyphen, read whole, the QR code readable',
    async (name, values) => {
      const service = new PrintService({ renderer: rig.renderer, config: { sheet: { queue: labels.name, paper: 'A4' }, label: { queue: labels.name, size: '62x100mm' } }, mode: 'production' });
      const pdf = await labels.waitForPdf((await service.printEnvelopeLabel(label(values))).jobId);
      const layoutText = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });

      const breaks = lineBreaksOf(layoutText, values.department);
      if (!breaks) throw new Error(`"${values.department}" is not spelled by any run of lines in:\n${layoutText}`);
      const insideWords = breaks.filter(({ at }) => letter.test(values.department[at - 1] ?? '') && letter.test(values.department[at] ?? ''));
      expect(insideWords.length, layoutText).toBeGreaterThan(0);
      const points = patternPoints(values.department, values.locale);
      const seen = (found: LineBreak) => ({ line: `${values.department.slice(0, found.at)}-`, hyphen: found.drawnHyphen, atPatternPoint: points.has(found.at) });
      expect(insideWords.map(seen)).toEqual(insideWords.map((found) => ({ ...seen(found), hyphen: true, atPatternPoint: true })));

      // A soft hyphen where no line ends prints nothing: every value reads as it was given.
      const text = textOf(pdf);
      for (const part of [values.name, values.department, 'YubiKey 5 NFC', 'Priya Raman', 'E-004711']) expect(readsWhole(text, part), `${part} in ${text}`).toBe(true);
      expect(text).not.toContain(softHyphen);
      expect(decodeQr(renderPng(pdf, `label-62x100mm-hyphenated-${values.locale}-${name.replace(/\W+/g, '-')}`, 300))).toBe('ENV-7F3K2M9Q');
    },
    printTimeoutMs,
  );
});
