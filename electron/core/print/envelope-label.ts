import QRCode from 'qrcode';
import { z } from 'zod';
import { DEPARTMENT_MAX, FINGERPRINT_MAX, FULL_NAME_MAX, KEY_MODEL_MAX, PERSON_NAME_MAX, SEAL_NUMBER_MAX } from '../../../shared/domain/limits';
import { localeSchema } from '../../../shared/domain/locale';
import type { PageSize } from '../ports/pdf-renderer';
import { documentHead, escapeHtml } from './html-escape';
import { custodyLetterSpacingEm, layOutLabel, spacing, type LabelLayout, type LabelTexts } from './label-layout';
import { cssPageSize } from './page-sizes';
import { printedText } from './printed-text';
import { formatPrintDate, printText } from './print-text';
import { withSoftHyphens } from './soft-hyphens';

/**
 * A custody value as the custody feature makes it (e.g. "ENV-7F3K2M9Q"): upper-case letters,
 * digits and dashes only, which QR's compact alphanumeric mode encodes and a person can type.
 */
export const custodyValueSchema = z.string().regex(/^[A-Z0-9][A-Z0-9-]{3,39}$/, 'a custody value: 4–40 upper-case letters, digits and dashes');

/** What the journey (or IT's reprint) passes to print one backup key's envelope label. */
export const envelopeLabelInputSchema = z
  .object({
    locale: localeSchema,
    /** Given and family name, as the roster holds them. */
    name: printedText(FULL_NAME_MAX),
    department: printedText(DEPARTMENT_MAX).nullable(),
    /** The key's model name, e.g. "YubiKey 5 NFC". */
    keyModel: printedText(KEY_MODEL_MAX),
    /** The short credential fingerprint, e.g. "8BE3 9858" (journey/credential-fingerprint.ts). */
    fingerprint: z.string().trim().min(1).max(FINGERPRINT_MAX),
    date: z.date(),
    facilitator: printedText(PERSON_NAME_MAX),
    /** As typed from the pre-numbered envelope, e.g. "E-004711", or as the sequence made it. */
    sealNumber: z.string().trim().min(1).max(SEAL_NUMBER_MAX),
    /** Encoded in the QR code and printed under it for typing. */
    custodyValue: custodyValueSchema,
    /** A lost label printed again: marked so on the label. */
    reprint: z.boolean().default(false),
  })
  .strict();
export type EnvelopeLabelInput = z.input<typeof envelopeLabelInputSchema>;

const monospace = '"DejaVu Sans Mono", "Liberation Mono", Consolas, Menlo, monospace';
// Arial and Helvetica have Liberation Sans's widths, which the layout measures with (text-metrics.ts).
const sans = '"Liberation Sans", Arial, Helvetica, "DejaVu Sans", sans-serif';

/**
 * The envelope label: whose key it is, which key (model and fingerprint), when and by whom it
 * was sealed, and at the foot the seal number and a QR code of the custody value with that
 * value printed under it, so a scanner or a person can check the envelope in. The foot keeps
 * its place at every label size; the text above it wraps (its words hyphenated in the label's
 * language) and shrinks to the room left.
 */
export async function renderEnvelopeLabel(input: z.output<typeof envelopeLabelInputSchema>, options: { size: PageSize; training: boolean }): Promise<string> {
  const text = printText[input.locale];
  const words = (value: string) => withSoftHyphens(value, input.locale);
  const wanted: LabelTexts = {
    marks: [options.training ? text.trainingMark : null, input.reprint ? text.reprintMark : null].filter((mark): mark is string => mark !== null),
    kind: text.labelTitle,
    name: words(input.name),
    department: input.department === null ? null : words(input.department),
    facts: [
      { label: text.key, value: words(input.keyModel), style: 'bold', describes: true },
      { label: text.fingerprint, value: input.fingerprint, style: 'mono', describes: false },
      { label: text.date, value: formatPrintDate(input.date, input.locale), style: 'bold', describes: false },
      { label: text.facilitator, value: words(input.facilitator), style: 'bold', describes: true },
    ],
    sealLabel: text.seal,
    sealNumber: input.sealNumber,
    custodyValue: input.custodyValue,
  };
  const { layout, texts } = layOutLabel(wanted, options.size);
  // Quiet zone of 4 modules as the QR standard asks; level M survives a scuffed label.
  const qr = await QRCode.toString(input.custodyValue, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  const facts = texts.facts
    .map((fact) => `<dt>${escapeHtml(fact.label)}</dt><dd${fact.style === 'mono' ? ' class="mono"' : ''}>${escapeHtml(fact.value)}</dd>`)
    .join('\n');
  return `${documentHead({ lang: input.locale, title: text.labelTitle, css: labelCss(options.size, layout) })}
<body>
<main class="label">
<div class="text">
${texts.marks.length > 0 ? `<p class="marks">${texts.marks.map((mark) => `<span class="mark">${escapeHtml(mark)}</span>`).join(' ')}</p>` : ''}
<p class="kind">${escapeHtml(text.labelTitle)}</p>
<p class="name">${escapeHtml(texts.name)}</p>
${texts.department ? `<p class="department">${escapeHtml(texts.department)}</p>` : ''}
<dl class="facts">
${facts}
</dl>
</div>
<div class="custody-block">
<p class="seal${layout.sealInline ? ' seal--inline' : ''}"><span class="seal-label">${escapeHtml(text.seal)}</span> <span class="seal-number">${escapeHtml(input.sealNumber)}</span></p>
<div class="qr">${qr}</div>
<p class="custody">${escapeHtml(input.custodyValue)}</p>
</div>
</main>
</body>
</html>`;
}

/** The CSS for one layout; its spacing is the one chooseLabelLayout measured with. */
function labelCss(size: PageSize, layout: LabelLayout): string {
  const s = spacing;
  const pt = (value: number) => `${value.toFixed(2)}pt`;
  const mm = (value: number) => `${value.toFixed(2)}mm`;
  return `
@page { size: ${cssPageSize(size)}; margin: 0; }
* { box-sizing: border-box; }
html { font-family: ${sans}; font-size: ${pt(layout.bodyPt)}; line-height: ${s.line}; color: #000; }
body { margin: 0; }
p { margin: 0; }
.label { width: ${size.widthMm}mm; height: ${size.heightMm}mm; padding: ${mm(layout.paddingMm)}; display: flex; flex-direction: column; gap: ${mm(layout.gapMm)}; overflow: hidden; }
/* Words break at their soft hyphens (soft-hyphens.ts), a string no pattern breaks between any two letters. The hyphen drawn at such
   a break is "-", which still reads as text once CUPS has turned the PDF into PostScript (Chromium's default, U+2010, does not). */
.text { flex: 1 1 auto; min-height: 0; overflow: hidden; overflow-wrap: anywhere; hyphens: manual; hyphenate-character: "-"; }
.marks { margin-bottom: ${s.marksBottom}em; }
.mark { display: inline-block; border: ${mm(s.markBorderMm * layout.scale)} solid #000; padding: 0 0.4em; font-weight: bold; letter-spacing: ${s.markLetterSpacing}em; }
.kind { font-size: ${s.kindSize}em; text-transform: uppercase; letter-spacing: ${s.kindLetterSpacing}em; }
.name { font-size: ${pt(layout.namePt)}; font-weight: bold; line-height: ${s.nameLine}; margin-top: ${s.nameTop}em; }
.department { font-size: ${s.departmentSize}em; }
.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: ${s.factsRowGap}em ${s.factsColumnGap}em; margin: ${s.factsTop}em 0 0; padding-top: ${s.factsPadding}em; border-top: ${mm(s.factsBorderMm * layout.scale)} solid #000; }
.facts dt { color: #222; }
.facts dd { margin: 0; font-weight: bold; min-width: 0; }
.mono, .seal-number, .custody { font-family: ${monospace}; }
.custody-block { flex: none; display: flex; flex-direction: column; align-items: center; gap: ${mm(layout.gapMm)}; }
.seal { font-size: ${pt(layout.sealPt)}; text-align: center; overflow-wrap: anywhere; }
.seal-label { display: block; font-size: ${pt(layout.sealLabelPt)}; }
.seal--inline .seal-label { display: inline; }
.seal-number { font-weight: bold; }
.qr { width: ${mm(layout.qrMm)}; height: ${mm(layout.qrMm)}; }
.qr svg { display: block; width: 100%; height: 100%; }
.custody { font-size: ${pt(layout.custodyPt)}; font-weight: bold; letter-spacing: ${custodyLetterSpacingEm}em; white-space: nowrap; }
`;
}
