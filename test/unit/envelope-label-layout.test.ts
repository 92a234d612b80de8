import { describe, expect, it } from 'vitest';
import { FULL_NAME_MAX } from '../../shared/domain/limits';
import { envelopeLabelInputSchema, renderEnvelopeLabel } from '../../electron/core/print/envelope-label';
import { layOutLabel, type LabelTexts } from '../../electron/core/print/label-layout';
import { labelSizeNames, labelSizes } from '../../electron/core/print/page-sizes';
import { softHyphen, withSoftHyphens } from '../../electron/core/print/soft-hyphens';
import { lineCount } from '../../electron/core/print/text-metrics';

/** Words as rosters hold them, repeated to `length` characters. */
const words = (length: number, seed: string) => seed.repeat(Math.ceil(length / seed.length)).slice(0, length).trim();
const longName = `${words(120, 'Maximiliane Wolkenstein-Brandenburg ')} ${words(120, 'Hohenzollern-Sigmaringen Oberhausen ')}`;
const germanDepartment = 'Informationssicherheitsmanagementabteilung';

const texts = (values: Partial<LabelTexts> & { keyModel?: string; facilitator?: string } = {}): LabelTexts => ({
  marks: ['SCHULUNG', 'NACHDRUCK'],
  kind: 'Ersatz-Sicherheitsschlüssel',
  name: 'Amara Okafor',
  department: 'Finance',
  facts: [
    { label: 'Schlüssel', value: values.keyModel ?? 'YubiKey 5 NFC', style: 'bold', describes: true },
    { label: 'Fingerabdruck', value: '8BE3 9858', style: 'mono', describes: false },
    { label: 'Datum', value: '22. September 2026', style: 'bold', describes: false },
    { label: 'Moderation', value: values.facilitator ?? 'Priya Raman', style: 'bold', describes: true },
  ],
  sealLabel: 'Siegel-Nr.',
  sealNumber: 'E-004711',
  custodyValue: 'ENV-7F3K2M9Q',
  ...values,
});

/** The descriptive values with their soft hyphens, as the label hands them to the layout. */
const hyphenated = (values: LabelTexts): LabelTexts => ({
  ...values,
  name: withSoftHyphens(values.name, 'de'),
  department: values.department === null ? null : withSoftHyphens(values.department, 'de'),
  facts: values.facts.map((fact) => (fact.describes ? { ...fact, value: withSoftHyphens(fact.value, 'de') } : fact)),
});

const cases = {
  short: texts(),
  'long (120 + 120)': texts({ name: longName, department: words(60, `${germanDepartment} Nord `) }),
  'unbroken 200 characters': texts({ name: 'W'.repeat(200) }),
  'long German department': texts({ name: 'Jürgen Müller-Lüdenscheidt', department: germanDepartment }),
  'long (120 + 120), hyphenated': hyphenated(texts({ name: longName, department: words(60, `${germanDepartment} Nord `) })),
  'long German department, hyphenated': hyphenated(texts({ name: 'Jürgen Müller-Lüdenscheidt', department: germanDepartment })),
};

describe.each(labelSizeNames)('the envelope label at %s', (sizeName) => {
  const size = labelSizes[sizeName];
  const short = layOutLabel(cases.short, size).layout;

  it.each(Object.entries(cases))('lays out %s values whole, at a legible size, with the QR code, custody code and seal number at full size', (_, wanted) => {
    const { layout, texts: printed } = layOutLabel(wanted, size);
    expect(layout.shortened).toBe(false);
    expect(printed).toEqual(wanted);
    expect(layout.bodyPt).toBeGreaterThanOrEqual(5);
    expect(layout.namePt).toBeGreaterThanOrEqual(layout.bodyPt);
    // The custody block is laid out first: the text never takes its room.
    expect({ qr: layout.qrMm, seal: layout.sealPt, inline: layout.sealInline, custody: layout.custodyPt }).toEqual({ qr: short.qrMm, seal: short.sealPt, inline: short.sealInline, custody: short.custodyPt });
  });

  it('uses the largest sizes for short values and smaller ones the longer the text', () => {
    expect(short.step).toBe(0);
    const long = layOutLabel(cases['long (120 + 120)'], size).layout;
    const unbroken = layOutLabel(cases['unbroken 200 characters'], size).layout;
    expect(long.step).toBeGreaterThan(0);
    expect(long.bodyPt).toBeLessThan(short.bodyPt);
    expect(unbroken.namePt).toBeLessThan(short.namePt);
    // A German department wraps before it shrinks the whole label much, at its syllables sooner still.
    expect(layOutLabel(cases['long German department'], size).layout.step).toBeLessThanOrEqual(2);
    expect(layOutLabel(cases['long German department, hyphenated'], size).layout.step).toBeLessThanOrEqual(layOutLabel(cases['long German department'], size).layout.step);
  });

  it('keeps a 32-character seal number whole, under its label when it is too long to stand beside it', () => {
    const layout = layOutLabel(texts({ sealNumber: 'W'.repeat(32) }), size).layout;
    expect(layout.sealPt).toBeGreaterThanOrEqual(layout.sealLabelPt);
    expect(layout.sealPt).toBeLessThan(short.sealPt);
  });

  it('writes its sizes into the document, the words with soft hyphens in the label\'s language, and breaks for unbroken strings', async () => {
    const input = envelopeLabelInputSchema.parse({
      locale: 'de',
      name: 'W'.repeat(200),
      department: germanDepartment,
      keyModel: 'YubiKey 5 NFC',
      fingerprint: '8BE3 9858',
      date: new Date(2026, 8, 22),
      facilitator: 'Priya Raman',
      sealNumber: 'E-004711',
      custodyValue: 'ENV-7F3K2M9Q',
    });
    const html = await renderEnvelopeLabel(input, { size, training: false });
    const { layout } = layOutLabel({ ...hyphenated(texts({ name: input.name, department: germanDepartment })), marks: [], kind: 'Ersatz-Sicherheitsschlüssel' }, size);
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('overflow-wrap: anywhere; hyphens: manual;');
    expect(html).toContain(`<p class="department">${['In', 'for', 'ma', 'ti', 'ons', 'si', 'cher', 'heits', 'ma', 'nage', 'ment', 'ab', 'tei', 'lung'].join(softHyphen)}</p>`);
    expect(html).toContain(`.name { font-size: ${layout.namePt.toFixed(2)}pt;`);
    expect(html).toContain(`width: ${layout.qrMm.toFixed(2)}mm; height: ${layout.qrMm.toFixed(2)}mm;`);
    expect(html).toContain(`>${'W'.repeat(200)}<`);
    expect(html).toContain('<span class="seal-number">E-004711</span>');
  });
});

describe('text no roster holds', () => {
  it('is shortened visibly with "…" on the smallest label, never the seal number, fingerprint or custody code', () => {
    const wanted = texts({ name: `${'W'.repeat(120)} ${'M'.repeat(120)}`, department: 'W'.repeat(120), keyModel: 'W'.repeat(120), facilitator: 'W'.repeat(120), sealNumber: 'W'.repeat(32) });
    const { layout, texts: printed } = layOutLabel(wanted, labelSizes['62x100mm']);
    expect(layout.shortened).toBe(true);
    expect(layout.bodyPt).toBe(5);
    expect(printed.name.endsWith('…')).toBe(true);
    expect(printed.name.length).toBeLessThan(wanted.name.length);
    expect(printed.name.length).toBeLessThanOrEqual(FULL_NAME_MAX);
    expect(printed.facts.map((fact) => fact.value.endsWith('…'))).toEqual([true, false, false, true]);
    expect(printed.sealNumber).toBe(wanted.sealNumber);
    expect(printed.custodyValue).toBe(wanted.custodyValue);
    // The larger labels take it whole.
    expect(layOutLabel(wanted, labelSizes.C6).layout.shortened).toBe(false);
  });
});

describe('line estimates', () => {
  it('break at spaces and after hyphens, and a word longer than the line between any two letters', () => {
    const width = 100;
    expect(lineCount('Amara Okafor', 10, width, 'bold')).toBe(1);
    expect(lineCount('Müller-Lüdenscheidt', 10, width, 'bold')).toBe(2);
    const unbroken = lineCount('W'.repeat(60), 10, width, 'bold');
    expect(unbroken).toBeGreaterThanOrEqual(6);
    expect(lineCount('W'.repeat(60), 5, width, 'bold')).toBeLessThan(unbroken);
    expect(lineCount('', 10, width, 'regular')).toBe(1);
  });
});
