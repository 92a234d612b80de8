import QRCode from 'qrcode';
import { z } from 'zod';
import type { PageSize } from '../ports/printer';
import { documentHead, escapeHtml } from './html-escape';
import { cssPageSize } from './page-sizes';
import { formatPrintDate, printText } from './print-text';

/**
 * A custody value as the custody feature makes it (e.g. "ENV-7F3K2M9Q"): upper-case letters,
 * digits and dashes only, which QR's compact alphanumeric mode encodes and a person can type.
 */
export const custodyValueSchema = z.string().regex(/^[A-Z0-9][A-Z0-9-]{3,39}$/, 'a custody value: 4–40 upper-case letters, digits and dashes');

/** What the journey (or IT's reprint) passes to print one backup key's envelope label. */
export const envelopeLabelInputSchema = z
  .object({
    locale: z.enum(['en', 'de']),
    name: z.string().trim().min(1).max(200),
    department: z.string().trim().max(200).nullable(),
    /** The key's model name, e.g. "YubiKey 5 NFC". */
    keyModel: z.string().trim().min(1).max(120),
    /** The short credential fingerprint, e.g. "8BE3 9858" (journey/credential-fingerprint.ts). */
    fingerprint: z.string().trim().min(1).max(40),
    date: z.date(),
    facilitator: z.string().trim().min(1).max(200),
    sealNumber: z.string().trim().min(1).max(40),
    /** Encoded in the QR code and printed under it for typing. */
    custodyValue: custodyValueSchema,
    /** A lost label printed again: marked so on the label. */
    reprint: z.boolean().default(false),
  })
  .strict();
export type EnvelopeLabelInput = z.input<typeof envelopeLabelInputSchema>;

/** The layout is drawn for the 62 × 100 mm label and scaled up as a whole for larger ones. */
const baseSize = { widthMm: 62, heightMm: 100 };
const baseFontPt = 8.5;
const baseQrMm = 30;

const monospace = '"DejaVu Sans Mono", "Liberation Mono", Consolas, Menlo, monospace';
const sans = '"Liberation Sans", "DejaVu Sans", Arial, Helvetica, sans-serif';

/**
 * The envelope label: whose key it is, which key (model and fingerprint), when and by whom it
 * was sealed, the seal number, and a QR code of the custody value with that value printed
 * under it, so a scanner or a person can check the envelope in.
 */
export async function renderEnvelopeLabel(input: z.output<typeof envelopeLabelInputSchema>, options: { size: PageSize; training: boolean }): Promise<string> {
  const text = printText[input.locale];
  const scale = Math.min(options.size.widthMm / baseSize.widthMm, options.size.heightMm / baseSize.heightMm);
  // Quiet zone of 4 modules as the QR standard asks; level M survives a scuffed label.
  const qr = await QRCode.toString(input.custodyValue, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  const fact = (label: string, value: string, className = '') => `<dt>${escapeHtml(label)}</dt><dd${className ? ` class="${className}"` : ''}>${escapeHtml(value)}</dd>`;
  const marks = [options.training ? text.trainingMark : null, input.reprint ? text.reprintMark : null].filter((mark): mark is string => mark !== null);
  return `${documentHead({ lang: input.locale, title: text.labelTitle, css: labelCss(options.size, scale) })}
<body>
<main class="label">
${marks.length > 0 ? `<p class="marks">${marks.map((mark) => `<span class="mark">${escapeHtml(mark)}</span>`).join(' ')}</p>` : ''}
<p class="kind">${escapeHtml(text.labelTitle)}</p>
<p class="name">${escapeHtml(input.name)}</p>
${input.department ? `<p class="department">${escapeHtml(input.department)}</p>` : ''}
<dl class="facts">
${fact(text.key, input.keyModel)}
${fact(text.fingerprint, input.fingerprint, 'mono')}
${fact(text.date, formatPrintDate(input.date, input.locale))}
${fact(text.facilitator, input.facilitator)}
${fact(text.seal, input.sealNumber, 'mono')}
</dl>
<div class="qr">${qr}</div>
<p class="custody">${escapeHtml(input.custodyValue)}</p>
</main>
</body>
</html>`;
}

function labelCss(size: PageSize, scale: number): string {
  return `
@page { size: ${cssPageSize(size)}; margin: 0; }
* { box-sizing: border-box; }
html { font-family: ${sans}; font-size: ${(baseFontPt * scale).toFixed(2)}pt; line-height: 1.25; color: #000; }
body { margin: 0; }
p { margin: 0; }
.label { width: ${size.widthMm}mm; height: ${size.heightMm}mm; padding: ${(3.5 * scale).toFixed(2)}mm; display: flex; flex-direction: column; overflow: hidden; }
.marks { margin-bottom: 0.4em; }
.mark { display: inline-block; border: 0.5mm solid #000; padding: 0 0.4em; font-weight: bold; letter-spacing: 0.05em; }
.kind { font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.06em; }
.name { font-size: 1.45em; font-weight: bold; line-height: 1.15; margin-top: 0.15em; overflow-wrap: anywhere; }
.department { font-size: 1.1em; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15em 0.8em; margin: 0.6em 0 0; padding-top: 0.5em; border-top: 0.3mm solid #000; }
.facts dt { color: #222; }
.facts dd { margin: 0; font-weight: bold; overflow-wrap: anywhere; }
.facts .mono { font-family: ${monospace}; }
.qr { margin-top: auto; align-self: center; width: ${(baseQrMm * scale).toFixed(2)}mm; height: ${(baseQrMm * scale).toFixed(2)}mm; }
.qr svg { display: block; width: 100%; height: 100%; }
.custody { align-self: center; font-family: ${monospace}; font-size: 1.25em; font-weight: bold; letter-spacing: 0.08em; }
`;
}
