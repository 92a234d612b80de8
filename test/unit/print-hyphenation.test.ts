import { describe, expect, it } from 'vitest';
import { envelopeLabelInputSchema, renderEnvelopeLabel } from '../../electron/core/print/envelope-label';
import { labelSizes, paperSizes } from '../../electron/core/print/page-sizes';
import { recoverySheetInputSchema, renderRecoverySheet } from '../../electron/core/print/recovery-sheet';
import { softHyphen, withSoftHyphens } from '../../electron/core/print/soft-hyphens';
import { lineCount, textWidthEm } from '../../electron/core/print/text-metrics';

/** Where the soft hyphens stand, shown as "|". */
const breaks = (text: string) => text.replaceAll(softHyphen, '|');

describe('soft hyphens from the document language\'s TeX patterns', () => {
  it('break a German compound at its syllables, and English words by the British patterns', () => {
    expect(breaks(withSoftHyphens('Informationssicherheitsmanagementabteilung', 'de'))).toBe('In|for|ma|ti|ons|si|cher|heits|ma|nage|ment|ab|tei|lung');
    expect(breaks(withSoftHyphens('Jürgen Müller-Lüdenscheidt', 'de'))).toBe('Jür|gen Mül|ler-Lü|den|scheidt');
    expect(breaks(withSoftHyphens('Telecommunications Infrastructure', 'en'))).toBe('Tele|com|mu|nic|a|tions In|fra|struc|ture');
    // The same word, another language: another set of patterns.
    expect(breaks(withSoftHyphens('Training', 'en'))).toBe('Train|ing');
    expect(breaks(withSoftHyphens('Training', 'de'))).toBe('Trai|ning');
  });

  it('leave at least three letters after a break in English and two in German, as TeX does', () => {
    expect(breaks(withSoftHyphens('Interdepartmental', 'en'))).toBe('In|ter|de|part|mental');
    expect(breaks(withSoftHyphens('Abteilung', 'de'))).toBe('Ab|tei|lung');
  });

  it('go only between letters: digits, apostrophes, hyphens and short words stay as they are', () => {
    expect(breaks(withSoftHyphens("Siobhán O'Sullivan-Fitzgerald", 'en'))).toBe("Siob|hán O'Sul|li|van-Fitzger|ald");
    expect(breaks(withSoftHyphens('YubiKey 5 NFC', 'de'))).toBe('Yu|bi|Key 5 NFC');
    expect(withSoftHyphens('Anna Li', 'en')).toBe('Anna Li');
    // A string the patterns cannot break stays whole: overflow-wrap breaks it on the page.
    expect(withSoftHyphens('W'.repeat(200), 'de')).toBe('W'.repeat(200));
  });
});

describe('the printed documents', () => {
  const label = envelopeLabelInputSchema.parse({
    locale: 'de',
    name: 'Jürgen <Müller> & "Söhne"',
    department: 'Informationssicherheitsmanagementabteilung',
    keyModel: 'Sicherheitsschlüssel Präsentation',
    fingerprint: 'ABCDEFGHIJKLMNOPQRST',
    date: new Date(2026, 8, 22),
    facilitator: 'Wilhelmine Ostermann',
    sealNumber: 'Umschlagnummer4711',
    custodyValue: 'ENV-INFORMATIONSSICHERHEIT',
  });

  it('carry soft hyphens in the label\'s name, department, key model and facilitator, escaped with no entity split', async () => {
    const html = await renderEnvelopeLabel(label, { size: labelSizes['62x100mm'], training: false });
    expect(breaks(html)).toContain('<p class="name">Jür|gen &lt;Mül|ler&gt; &amp; &quot;Söh|ne&quot;</p>');
    expect(breaks(html)).toContain('<p class="department">In|for|ma|ti|ons|si|cher|heits|ma|nage|ment|ab|tei|lung</p>');
    expect(breaks(html)).toContain('<dd>Si|cher|heits|schlüs|sel Prä|sen|ta|ti|on</dd>');
    expect(breaks(html)).toContain('<dd>Wil|hel|mi|ne Os|ter|mann</dd>');
    // Every "&" in the document starts a whole entity.
    expect(html.match(/&(?!(amp|lt|gt|quot|#39);)/g)).toBeNull();
  });

  it('never put one into the seal number, the fingerprint or the custody value', async () => {
    const html = await renderEnvelopeLabel(label, { size: labelSizes['62x100mm'], training: true });
    expect(html).toContain('<span class="seal-number">Umschlagnummer4711</span>');
    expect(html).toContain('<dd class="mono">ABCDEFGHIJKLMNOPQRST</dd>');
    expect(html).toContain('<p class="custody">ENV-INFORMATIONSSICHERHEIT</p>');
  });

  it('carry them in the sheet\'s name and sign-in, wherever the sign-in is named, never in a code', () => {
    const sheet = recoverySheetInputSchema.parse({ locale: 'en', name: 'Bartholomew Featherstonehaugh', date: new Date(2026, 8, 22), idpName: 'Telecommunications sign-in', codes: ['K7QX3MPDW2RT', 'administration-recovery'] });
    const html = breaks(renderRecoverySheet(sheet, { paper: paperSizes.A4, training: false }));
    expect(html).toContain('<dd>Bartho|lomew Feath|er|stone|haugh</dd>');
    expect(html).toContain('<dd>Tele|com|mu|nic|a|tions sign-in</dd>');
    expect(html).toContain('the sign-in page of Tele|com|mu|nic|a|tions sign-in as usual');
    expect(html).toContain('<span class="code">K7QX-3MPD-W2RT</span>');
    expect(html).toContain('<span class="code">administration-recovery</span>');
  });

  it('break at the soft hyphens on every platform: hyphens: manual, never auto', async () => {
    const sheet = recoverySheetInputSchema.parse({ locale: 'de', name: 'Jürgen Müller', date: new Date(2026, 8, 22), idpName: 'Anmeldung', codes: ['K7QX3MPDW2RT'] });
    for (const html of [renderRecoverySheet(sheet, { paper: paperSizes.A4, training: false }), await renderEnvelopeLabel(label, { size: labelSizes.C6, training: false })]) {
      expect(html).toContain('overflow-wrap: anywhere; hyphens: manual;');
      expect(html).not.toContain('hyphens: auto');
    }
  });
});

describe('line estimates with soft hyphens', () => {
  const fontPt = 10;
  /** The width of `text`, and a hair more: the estimate adds its pieces up, which rounds differently. */
  const widthOf = (text: string) => textWidthEm(text, 'bold') * fontPt + 0.01;

  it('give a soft hyphen no width where no line ends at it', () => {
    expect(lineCount('nnnn\u00ADnnnn', fontPt, widthOf('nnnnnnnn'), 'bold')).toBe(1);
    expect(lineCount('nnnn\u00ADnnnn nnnn', fontPt, widthOf('nnnnnnnn'), 'bold')).toBe(2);
  });

  it('break a word at a soft hyphen, and only where its hyphen fits on the line too', () => {
    const text = 'nnnn nnnn\u00ADnnnn nnnn';
    // Room for "nnnn nnnn-": the second word breaks at its soft hyphen.
    expect(lineCount(text, fontPt, widthOf('nnnn nnnn-'), 'bold')).toBe(2);
    // Not quite: the line ends before the second word, which then takes a line of its own.
    expect(lineCount(text, fontPt, widthOf('nnnn nnnn'), 'bold')).toBe(3);
  });

  it('follow the syllables of a long word, which can take more lines than breaking it anywhere', () => {
    const word = 'Informationssicherheitsmanagementabteilung';
    const hyphenatedWord = withSoftHyphens(word, 'de');
    // "Informationssicherheits-" / "managementabteilung"
    expect(lineCount(hyphenatedWord, fontPt, widthOf('Informationssicherheits-'), 'bold')).toBe(2);
    // No room for the hyphen after "heits": "Informationssicher-" / "heitsmanagementabtei-" / "lung", where letters alone would need two lines.
    expect(lineCount(hyphenatedWord, fontPt, widthOf('Informationssicherheits'), 'bold')).toBe(3);
    expect(lineCount(word, fontPt, widthOf('Informationssicherheits'), 'bold')).toBe(2);
  });

  it('break a stretch longer than the line between any two letters, as overflow-wrap: anywhere does', () => {
    expect(lineCount(`${'n'.repeat(20)}\u00AD${'n'.repeat(4)}`, fontPt, widthOf('nnnnnnnn'), 'bold')).toBe(3);
  });
});
