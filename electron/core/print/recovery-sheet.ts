import { z } from 'zod';
import { FULL_NAME_MAX, IDP_LABEL_MAX } from '../../../shared/domain/limits';
import { localeSchema } from '../../../shared/domain/locale';
import { formatRecoveryCode } from '../idp/recovery-codes';
import type { PageSize } from '../ports/pdf-renderer';
import { documentHead, escapeHtml } from './html-escape';
import { cssPageSize } from './page-sizes';
import { printedText } from './printed-text';
import { formatPrintDate, printText, type PrintText } from './print-text';
import { withSoftHyphens } from './soft-hyphens';
import { lineCount, ptPerMm, textWidthEm } from './text-metrics';

/** What the journey passes to print one attendee's recovery codes. */
export const recoverySheetInputSchema = z
  .object({
    /** The attendee's language on the screen. */
    locale: localeSchema,
    /** The attendee's full name as on the roster. */
    name: printedText(FULL_NAME_MAX),
    date: z.date(),
    /** The sign-in the codes belong to, as the person knows it (e.g. "Example Corp sign-in"). */
    idpName: printedText(IDP_LABEL_MAX),
    /** Plaintext codes, in order; grouped for reading here. Never kept after printing. */
    codes: z.array(z.string().trim().min(4).max(64)).min(1).max(40),
  })
  .strict();
export type RecoverySheetInput = z.input<typeof recoverySheetInputSchema>;

const monospace = '"DejaVu Sans Mono", "Liberation Mono", Consolas, Menlo, monospace';
const sans = '"Liberation Sans", Arial, Helvetica, "DejaVu Sans", sans-serif';

/**
 * The recovery sheet as one printable HTML page: who and when, the codes large and numbered
 * in groups of four, how to use one, and where to keep the sheet. Black on white only, so it
 * reads the same from any office printer. In training a banner heads the sheet and a large
 * pale TRAINING sits at the foot of the page, clear of the codes so it never blurs one.
 */
export function renderRecoverySheet(input: z.output<typeof recoverySheetInputSchema>, options: { paper: PageSize; training: boolean }): string {
  const text = printText[input.locale];
  // The name and the sign-in break at their words' hyphenation points; the codes never.
  const name = withSoftHyphens(input.name, input.locale);
  const idpName = withSoftHyphens(input.idpName, input.locale);
  const fact = (label: string, value: string) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`;
  const grouped = input.codes.map(groupForReading);
  const codes = grouped
    .map((code, index) => `<li><span class="box"></span><span class="n">${index + 1}</span><span class="code">${escapeHtml(code)}</span></li>`)
    .join('\n');
  const steps = text.useSteps.map((step) => `<li>${escapeHtml(step.replace('{idp}', idpName))}</li>`).join('');
  const factPt = factValuePt(text, [name, idpName], options.paper);
  return `${documentHead({ lang: input.locale, title: text.sheetTitle, css: sheetCss(options.paper, grouped, factPt) })}
<body>
${options.training ? `<p class="training">${escapeHtml(text.trainingBanner)}</p><div class="watermark" aria-hidden="true">${escapeHtml(text.trainingMark)}</div>` : ''}
<h1>${escapeHtml(text.sheetTitle)}</h1>
<p class="intro">${escapeHtml(text.sheetIntro)}</p>
<dl class="facts">${fact(text.name, name)}${fact(text.date, formatPrintDate(input.date, input.locale))}${fact(text.signIn, idpName)}</dl>
<h2>${escapeHtml(text.codesTitle)}</h2>
<ol class="codes">
${codes}
</ol>
<p class="note">${escapeHtml(text.codesNote)}</p>
<div class="columns">
<section><h2>${escapeHtml(text.useTitle)}</h2><ol class="steps">${steps}</ol></section>
<section><h2>${escapeHtml(text.keepTitle)}</h2><p>${escapeHtml(text.keepText)}</p><p><strong>${escapeHtml(text.keepNot)}</strong></p><p>${escapeHtml(text.lostText)}</p></section>
</div>
</body>
</html>`;
}

/** "K7QX3MPDW2RT" → "K7QX-3MPD-W2RT"; a code the IdP already formatted is kept as it is. */
export function groupForReading(code: string): string {
  return /^[A-Za-z0-9]+$/.test(code) ? formatRecoveryCode(code) : code;
}

/** Codes up to this many characters fit two to a line at the codes' size. */
const twoColumnMaxChars = 19;

/** The sheet's page margins, the facts' column gap and their labels' size: sheetCss uses the same. */
const margin = { topMm: 15, sideMm: 18 };
const factsGapMm = 6;
const factLabelPt = 10.5;
/** The name's and the sign-in's sizes; the smallest keeps the sheet one page with every value the limits allow. */
const factValueSizes = [12, 10.5] as const;
const smallestFactPt = 9;

/** The largest size at which the name and the sign-in each take at most two lines, else the smallest (9 pt). */
function factValuePt(text: PrintText, values: readonly string[], paper: PageSize): number {
  const labelWidthPt = Math.max(...[text.name, text.date, text.signIn].map((label) => textWidthEm(label, 'regular') * factLabelPt));
  const widthPt = (paper.widthMm - 2 * margin.sideMm - factsGapMm) * ptPerMm - labelWidthPt;
  const fits = (pt: number) => values.every((value) => lineCount(value, pt, widthPt, 'bold') <= 2);
  return factValueSizes.find(fits) ?? smallestFactPt;
}

function sheetCss(paper: PageSize, codes: readonly string[], factPt: number): string {
  const columns = codes.every((code) => code.length <= twoColumnMaxChars) ? 2 : 1;
  return `
@page { size: ${cssPageSize(paper)}; margin: ${margin.topMm}mm ${margin.sideMm}mm; }
* { box-sizing: border-box; }
html { font-family: ${sans}; font-size: ${factLabelPt}pt; line-height: 1.4; color: #000; }
/* A name or sign-in of any length wraps inside the page: at its soft hyphens (soft-hyphens.ts), else between any two letters. The hyphen
   drawn at such a break is "-", which still reads as text once CUPS has turned the PDF into PostScript (Chromium's default, U+2010, does not). */
body { margin: 0; overflow-wrap: anywhere; hyphens: manual; hyphenate-character: "-"; }
h1 { font-size: 22pt; margin: 0 0 1mm; }
h2 { font-size: 12pt; margin: 0 0 2mm; }
p { margin: 0 0 2mm; }
.intro { font-size: 11.5pt; }
.training { border: 0.8mm solid #000; padding: 2mm 4mm; margin: 0 0 5mm; text-align: center; font-weight: bold; font-size: 12pt; letter-spacing: 0.04em; }
.watermark { position: fixed; bottom: 8mm; left: 0; right: 0; text-align: center; font-size: 72pt; font-weight: bold; letter-spacing: 0.12em; color: #dcdcdc; z-index: -1; }
.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); align-items: baseline; gap: 1mm ${factsGapMm}mm; margin: 5mm 0 6mm; padding: 3mm 0; border-top: 0.3mm solid #000; border-bottom: 0.3mm solid #000; }
.facts dt { color: #333; }
.facts dd { margin: 0; font-weight: bold; font-size: ${factPt}pt; }
.codes { list-style: none; margin: 0 0 2mm; padding: 0; columns: ${columns}; column-gap: 12mm; }
.codes li { display: flex; align-items: center; gap: 3mm; padding: 2mm 0; border-bottom: 0.2mm solid #999; break-inside: avoid; }
.codes .box { flex: none; width: 4mm; height: 4mm; border: 0.35mm solid #000; }
.codes .n { flex: none; width: 6mm; text-align: right; color: #333; }
.codes .code { font-family: ${monospace}; font-size: 16pt; font-weight: bold; letter-spacing: 0.06em; }
.note { font-weight: bold; margin: 4mm 0 8mm; }
.columns { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 10mm; break-inside: avoid; }
.steps { margin: 0; padding-left: 5mm; }
.steps li { margin-bottom: 1.5mm; }
`;
}
