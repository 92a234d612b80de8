import { z } from 'zod';
import { formatRecoveryCode } from '../idp/recovery-codes';
import type { PageSize } from '../ports/printer';
import { documentHead, escapeHtml } from './html-escape';
import { cssPageSize } from './page-sizes';
import { formatPrintDate, printText } from './print-text';

/** What the journey passes to print one attendee's recovery codes. */
export const recoverySheetInputSchema = z
  .object({
    /** The attendee's language on the screen. */
    locale: z.enum(['en', 'de']),
    /** The attendee's full name as on the roster. */
    name: z.string().trim().min(1).max(200),
    date: z.date(),
    /** The sign-in the codes belong to, as the person knows it (e.g. "Example Corp sign-in"). */
    idpName: z.string().trim().min(1).max(200),
    /** Plaintext codes, in order; grouped for reading here. Never kept after printing. */
    codes: z.array(z.string().trim().min(4).max(64)).min(1).max(40),
  })
  .strict();
export type RecoverySheetInput = z.input<typeof recoverySheetInputSchema>;

const monospace = '"DejaVu Sans Mono", "Liberation Mono", Consolas, Menlo, monospace';
const sans = '"Liberation Sans", "DejaVu Sans", Arial, Helvetica, sans-serif';

/**
 * The recovery sheet as one printable HTML page: who and when, the codes large and numbered
 * in groups of four, how to use one, and where to keep the sheet. Black on white only, so it
 * reads the same from any office printer. In training a banner heads the sheet and a large
 * pale TRAINING sits at the foot of the page, clear of the codes so it never blurs one.
 */
export function renderRecoverySheet(input: z.output<typeof recoverySheetInputSchema>, options: { paper: PageSize; training: boolean }): string {
  const text = printText[input.locale];
  const fact = (label: string, value: string) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`;
  const grouped = input.codes.map(groupForReading);
  const codes = grouped
    .map((code, index) => `<li><span class="box"></span><span class="n">${index + 1}</span><span class="code">${escapeHtml(code)}</span></li>`)
    .join('\n');
  const steps = text.useSteps.map((step) => `<li>${escapeHtml(step.replace('{idp}', input.idpName))}</li>`).join('');
  return `${documentHead({ lang: input.locale, title: text.sheetTitle, css: sheetCss(options.paper, grouped) })}
<body>
${options.training ? `<p class="training">${escapeHtml(text.trainingBanner)}</p><div class="watermark" aria-hidden="true">${escapeHtml(text.trainingMark)}</div>` : ''}
<h1>${escapeHtml(text.sheetTitle)}</h1>
<p class="intro">${escapeHtml(text.sheetIntro)}</p>
<dl class="facts">${fact(text.name, input.name)}${fact(text.date, formatPrintDate(input.date, input.locale))}${fact(text.signIn, input.idpName)}</dl>
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

function sheetCss(paper: PageSize, codes: readonly string[]): string {
  const columns = codes.every((code) => code.length <= twoColumnMaxChars) ? 2 : 1;
  return `
@page { size: ${cssPageSize(paper)}; margin: 15mm 18mm; }
* { box-sizing: border-box; }
html { font-family: ${sans}; font-size: 10.5pt; line-height: 1.4; color: #000; }
body { margin: 0; }
h1 { font-size: 22pt; margin: 0 0 1mm; }
h2 { font-size: 12pt; margin: 0 0 2mm; }
p { margin: 0 0 2mm; }
.intro { font-size: 11.5pt; }
.training { border: 0.8mm solid #000; padding: 2mm 4mm; margin: 0 0 5mm; text-align: center; font-weight: bold; font-size: 12pt; letter-spacing: 0.04em; }
.watermark { position: fixed; bottom: 8mm; left: 0; right: 0; text-align: center; font-size: 72pt; font-weight: bold; letter-spacing: 0.12em; color: #dcdcdc; z-index: -1; }
.facts { display: grid; grid-template-columns: max-content 1fr; align-items: baseline; gap: 1mm 6mm; margin: 5mm 0 6mm; padding: 3mm 0; border-top: 0.3mm solid #000; border-bottom: 0.3mm solid #000; }
.facts dt { color: #333; }
.facts dd { margin: 0; font-weight: bold; font-size: 12pt; }
.codes { list-style: none; margin: 0 0 2mm; padding: 0; columns: ${columns}; column-gap: 12mm; }
.codes li { display: flex; align-items: center; gap: 3mm; padding: 2mm 0; border-bottom: 0.2mm solid #999; break-inside: avoid; }
.codes .box { flex: none; width: 4mm; height: 4mm; border: 0.35mm solid #000; }
.codes .n { flex: none; width: 6mm; text-align: right; color: #333; }
.codes .code { font-family: ${monospace}; font-size: 16pt; font-weight: bold; letter-spacing: 0.06em; overflow-wrap: anywhere; }
.note { font-weight: bold; margin: 4mm 0 8mm; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 10mm; break-inside: avoid; }
.steps { margin: 0; padding-left: 5mm; }
.steps li { margin-bottom: 1.5mm; }
`;
}
