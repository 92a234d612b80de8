import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../electron/core/app/load-config';
import { envelopeLabelInputSchema, renderEnvelopeLabel } from '../../electron/core/print/envelope-label';
import { escapeHtml } from '../../electron/core/print/html-escape';
import { labelSizes, paperSizes } from '../../electron/core/print/page-sizes';
import { groupForReading, recoverySheetInputSchema, renderRecoverySheet } from '../../electron/core/print/recovery-sheet';
import { softHyphen } from '../../electron/core/print/soft-hyphens';

/** The document as it reads: the soft hyphens between syllables are invisible where no line breaks. */
const asRead = (html: string) => html.replaceAll(softHyphen, '');

const sheetInput = recoverySheetInputSchema.parse({
  locale: 'en',
  name: 'Amara <b>Okafor</b>',
  date: new Date(2026, 11, 2),
  idpName: 'Example & Co',
  codes: ['K7QX3MPDW2RT', 'abcd-efgh-1234'],
});
const labelInput = envelopeLabelInputSchema.parse({
  locale: 'de',
  name: 'Zoë "Z" Hartmann',
  department: null,
  keyModel: 'YubiKey 5 NFC',
  fingerprint: '8BE3 9858',
  date: new Date(2026, 11, 2),
  facilitator: 'Priya Raman',
  sealNumber: 'S-1',
  custodyValue: 'ENV-7F3K2M9Q',
});

describe('the recovery sheet', () => {
  const html = asRead(renderRecoverySheet(sheetInput, { paper: paperSizes.A4, training: false }));

  it('escapes every value and forbids the page to load or run anything', () => {
    expect(html).toContain('Amara &lt;b&gt;Okafor&lt;/b&gt;');
    expect(html).toContain('Example &amp; Co');
    expect(html).not.toContain('<b>Okafor');
    expect(html).toContain("default-src 'none'");
    expect(escapeHtml(`<'&">`)).toBe('&lt;&#39;&amp;&quot;&gt;');
  });

  it('groups plain codes in fours and keeps codes the IdP already formatted', () => {
    expect(groupForReading('K7QX3MPDW2RT')).toBe('K7QX-3MPD-W2RT');
    expect(html).toContain('K7QX-3MPD-W2RT');
    expect(html).toContain('abcd-efgh-1234');
  });

  it('sets the page to the paper, and marks training only in training', () => {
    expect(html).toContain('size: 210mm 297mm');
    expect(renderRecoverySheet(sheetInput, { paper: paperSizes.Letter, training: false })).toContain('size: 215.9mm 279.4mm');
    expect(html).not.toContain('TRAINING');
    expect(renderRecoverySheet(sheetInput, { paper: paperSizes.A4, training: true })).toContain('TRAINING');
  });

  it('refuses an empty code list or a missing name', () => {
    expect(recoverySheetInputSchema.safeParse({ ...sheetInput, codes: [] }).success).toBe(false);
    expect(recoverySheetInputSchema.safeParse({ ...sheetInput, name: ' ' }).success).toBe(false);
  });
});

describe('the envelope label', () => {
  it('is German when asked, escaped, with the QR code inline and its value under it', async () => {
    const html = asRead(await renderEnvelopeLabel(labelInput, { size: labelSizes['62x100mm'], training: false }));
    expect(html).toContain('Zoë &quot;Z&quot; Hartmann');
    expect(html).toContain('Ersatz-Sicherheitsschlüssel');
    expect(html).toContain('<svg');
    expect(html).toContain('>ENV-7F3K2M9Q<');
    expect(html).toContain('size: 62mm 100mm');
    expect(html).not.toContain('NACHDRUCK');
    expect(await renderEnvelopeLabel({ ...labelInput, reprint: true }, { size: labelSizes.C6, training: true })).toMatch(/SCHULUNG[\s\S]*NACHDRUCK/);
  });

  it('accepts only custody values a scanner and a person can both handle', () => {
    for (const bad of ['env-7f3k', 'ENV 7F3K', 'EN', '-ENV7F3K', 'ENV-7F3K<script>']) {
      expect(envelopeLabelInputSchema.safeParse({ ...labelInput, custodyValue: bad }).success, bad).toBe(false);
    }
  });
});

describe('printers configuration', () => {
  it('defaults to kiosk-sheet on A4 and kiosk-label at 62 × 100 mm', () => {
    expect(parseConfig('{}', 'json', 'test').printers).toEqual({ sheet: { queue: 'kiosk-sheet', paper: 'A4' }, label: { queue: 'kiosk-label', size: '62x100mm' } });
    expect(parseConfig('printers: { label: { size: C6 } }', 'yaml', 'test').printers.label).toEqual({ queue: 'kiosk-label', size: 'C6' });
  });

  it('refuses unknown keys, unknown sizes and queue names that could be read as options', () => {
    for (const yaml of ['printers: { sheet: { paper: A3 } }', 'printers: { label: { size: 50x50mm } }', 'printers: { sheet: { queue: "-o evil" } }', 'printers: { sheet: { queue: "a b" } }', 'printers: { fax: {} }']) {
      expect(() => parseConfig(yaml, 'yaml', 'test'), yaml).toThrow();
    }
  });
});
