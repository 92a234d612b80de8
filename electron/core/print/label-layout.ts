import { cutToLimit } from '../../../shared/domain/limits';
import type { PageSize } from '../ports/pdf-renderer';
import { softHyphen } from './soft-hyphens';
import { lineCount, ptPerMm, textWidthEm, type TextStyle } from './text-metrics';

/** What the label prints, in the words of its language, for the layout to measure; descriptive values carry their soft hyphens. */
export interface LabelTexts {
  /** TRAINING, REPRINT: short words in boxes at the top. */
  marks: readonly string[];
  /** "Backup security key", printed in capitals. */
  kind: string;
  name: string;
  department: string | null;
  /** Key model, fingerprint, date, facilitator: a label and its value; `describes` values may be shortened, the others never. */
  facts: readonly LabelFact[];
  sealLabel: string;
  sealNumber: string;
  custodyValue: string;
}

export interface LabelFact {
  label: string;
  value: string;
  style: TextStyle;
  describes: boolean;
}

/** Every size on the label, in pt (fonts) and mm (boxes), as the CSS uses them. */
export interface LabelLayout {
  /** The label's size against the 62 × 100 mm drawing. */
  scale: number;
  paddingMm: number;
  qrMm: number;
  gapMm: number;
  /** Body text (department, facts, kind, marks) and the name. */
  bodyPt: number;
  namePt: number;
  /** "Seal no." and the seal number; on one line when both fit, else the number under its label. */
  sealLabelPt: number;
  sealPt: number;
  sealInline: boolean;
  custodyPt: number;
  /** How many steps down the ladder the text went (0: the largest size). */
  step: number;
  /** Whether the text had to be shortened to fit at the smallest size (see layOutLabel). */
  shortened: boolean;
}

/** The drawing is made for the 62 × 100 mm label; larger labels scale it as a whole. */
const base = { widthMm: 62, heightMm: 100, paddingMm: 3.5, qrMm: 30, gapMm: 1.2, bodyPt: 8.5, nameRatio: 1.47 };
/** The legible minimum for body text on a label printed at 300 dpi; the name stays a little larger. */
const minBodyPt = 5;
const minNameRatio = 1.2;
/** Each step of the ladder is this much smaller than the one before. */
const stepFactor = 0.94;

interface TextSizes {
  bodyPt: number;
  namePt: number;
}

/** The ladder's last step: the legible minimum. */
const smallest: TextSizes = { bodyPt: minBodyPt, namePt: minBodyPt * minNameRatio };

/** The custody block's fonts at the largest; the seal number and the code shrink only to fit their width. */
const sealLabelPt = 7;
const sealMaxPt = 10.5;
const custodyMaxPt = 10.5;
/** The custody code is spaced out for reading aloud and typing. */
export const custodyLetterSpacingEm = 0.08;

/** Line heights and spacing, in ems of each element's font; the label's CSS writes the same numbers. */
export const spacing = {
  line: 1.25,
  nameLine: 1.15,
  nameTop: 0.15,
  kindSize: 0.85,
  kindLetterSpacing: 0.06,
  departmentSize: 1.1,
  marksBottom: 0.4,
  markBorderMm: 0.4,
  markLetterSpacing: 0.05,
  factsTop: 0.6,
  factsPadding: 0.5,
  factsBorderMm: 0.3,
  factsRowGap: 0.15,
  factsColumnGap: 0.8,
} as const;


/**
 * Chooses the label's sizes for its text. The QR code, the custody code and the seal number get
 * their room first, at every label size; the text above them takes the largest step of a ladder
 * of sizes (down to the legible minimum) whose estimated height fits in what is left. Roster
 * values at their limits (shared/domain/limits.ts) fit on every label size; only text no
 * roster holds (every field at its limit in capital W's) is shortened at the smallest size,
 * visibly with "…", rather than cut off unseen at the label's edge.
 */
export function layOutLabel(texts: LabelTexts, size: PageSize): { layout: LabelLayout; texts: LabelTexts } {
  const scale = Math.min(size.widthMm / base.widthMm, size.heightMm / base.heightMm);
  const paddingMm = base.paddingMm * scale;
  const qrMm = base.qrMm * scale;
  const gapMm = base.gapMm * scale;
  const widthPt = (size.widthMm - 2 * paddingMm) * ptPerMm;
  const heightPt = (size.heightMm - 2 * paddingMm) * ptPerMm;

  const labelPt = sealLabelPt * scale;
  const monoFit = (text: string, maxPt: number, letterSpacing: number) => Math.min(maxPt, widthPt / textWidthEm(text, 'mono', letterSpacing));
  const custodyPt = monoFit(texts.custodyValue, custodyMaxPt * scale, custodyLetterSpacingEm);
  const labelWidthPt = textWidthEm(`${texts.sealLabel} `, 'regular') * labelPt;
  const inlinePt = Math.min(sealMaxPt * scale, (widthPt - labelWidthPt) / textWidthEm(texts.sealNumber, 'mono'));
  // Beside its label only while the number stays at least as large as the label's words.
  const sealInline = inlinePt >= labelPt;
  const sealPt = sealInline ? inlinePt : monoFit(texts.sealNumber, sealMaxPt * scale, 0);
  const sealHeightPt = sealInline ? sealPt * spacing.line : (labelPt + sealPt) * spacing.line;
  const custodyBlockPt = sealHeightPt + (2 * gapMm + qrMm) * ptPerMm + custodyPt * spacing.line;
  const roomPt = heightPt - custodyBlockPt - gapMm * ptPerMm;

  const steps = ladder(scale);
  const fitsAt = (sizes: TextSizes, candidate: LabelTexts) => textHeightPt(candidate, sizes, widthPt, scale) <= roomPt;
  const fixed = { scale, paddingMm, qrMm, gapMm, sealLabelPt: labelPt, sealPt, sealInline, custodyPt };
  for (const [step, sizes] of steps.entries()) {
    if (fitsAt(sizes, texts)) return { layout: { ...fixed, ...sizes, step, shortened: false }, texts };
  }
  let shorter = texts;
  for (let keep = 0.9; keep > 0; keep -= 0.1) {
    shorter = shorten(texts, keep);
    if (fitsAt(smallest, shorter)) break;
  }
  return { layout: { ...fixed, ...smallest, step: steps.length - 1, shortened: true }, texts: shorter };
}

/** From the drawing's sizes down to the legible minimum; the name shrinks a little faster than the rest. */
function ladder(scale: number): TextSizes[] {
  const steps: TextSizes[] = [];
  for (let i = 0, bodyPt = base.bodyPt * scale; bodyPt > minBodyPt; i += 1, bodyPt *= stepFactor) {
    steps.push({ bodyPt, namePt: bodyPt * Math.max(minNameRatio, base.nameRatio - 0.03 * i) });
  }
  return [...steps, smallest];
}

/** Every descriptive value cut to `keep` of its length (at least a word's worth), with "…" (never a hyphen before it). */
function shorten(texts: LabelTexts, keep: number): LabelTexts {
  const cut = (text: string) => cutToLimit(text, Math.max(12, Math.floor(text.length * keep))).replace(`${softHyphen}…`, '…');
  return {
    ...texts,
    name: cut(texts.name),
    department: texts.department === null ? null : cut(texts.department),
    facts: texts.facts.map((fact) => (fact.describes ? { ...fact, value: cut(fact.value) } : fact)),
  };
}

/** The estimated height of the text block above the custody block, as the label's CSS lays it out. */
function textHeightPt(texts: LabelTexts, { bodyPt, namePt }: TextSizes, widthPt: number, scale: number): number {
  const s = spacing;
  const lines = (text: string, fontPt: number, style: TextStyle, width = widthPt, letterSpacing = 0) => lineCount(text, fontPt, width, style, letterSpacing);
  let height = 0;
  if (texts.marks.length > 0) {
    const row = bodyPt * s.line + 2 * s.markBorderMm * scale * ptPerMm;
    height += lines(texts.marks.map((mark) => `${mark}MM`).join(' '), bodyPt, 'bold', widthPt, s.markLetterSpacing) * row + s.marksBottom * bodyPt;
  }
  const kindPt = bodyPt * s.kindSize;
  height += lines(texts.kind.toUpperCase(), kindPt, 'regular', widthPt, s.kindLetterSpacing) * kindPt * s.line;
  height += s.nameTop * namePt + lines(texts.name, namePt, 'bold') * namePt * s.nameLine;
  if (texts.department) {
    const departmentPt = bodyPt * s.departmentSize;
    height += lines(texts.department, departmentPt, 'regular') * departmentPt * s.line;
  }
  const termWidth = Math.max(...texts.facts.map((fact) => textWidthEm(fact.label, 'regular') * bodyPt));
  const valueWidth = widthPt - termWidth - s.factsColumnGap * bodyPt;
  height += (s.factsTop + s.factsPadding) * bodyPt + s.factsBorderMm * scale * ptPerMm;
  for (const fact of texts.facts) height += lines(fact.value, bodyPt, fact.style, valueWidth) * bodyPt * s.line;
  height += s.factsRowGap * bodyPt * Math.max(0, texts.facts.length - 1);
  return height;
}
