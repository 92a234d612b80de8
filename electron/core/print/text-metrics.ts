import { softHyphen } from './soft-hyphens';

/**
 * How wide text prints, estimated before Chromium lays it out, so a document can choose its
 * font sizes for the text it carries (JavaScript is off in the documents: nothing can measure
 * there). The widths are Liberation Sans's, which Arial and Helvetica share glyph for glyph:
 * the documents name those three fonts first. Estimates round up, never down.
 */
export type TextStyle = 'regular' | 'bold' | 'mono';

export const ptPerMm = 72 / 25.4;

/** Advance widths of U+0020–U+007E in thousandths of an em (Liberation Sans Regular 2.1). */
const regular = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
/** The same for Liberation Sans Bold. */
const bold = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
  975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
  333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];
/** DejaVu Sans Mono and Liberation Mono: every Latin character has this advance. */
const monoAdvance = 0.602;
/** Characters outside the tables (CJK, symbols, ligatures such as Æ): wider than any Latin glyph. */
const unknownAdvance = 1.2;
/** Rounding, kerning and a hinted glyph: a little room on every estimate. */
const margin = 1.04;

const latinLetter = /^\p{Script=Latin}$/u;

/**
 * One character's advance in ems. A Latin letter with accents (ü, ß aside) is as wide as its base
 * letter; a soft hyphen has none (lineCount adds its hyphen where a line ends at it).
 */
function advance(char: string, style: TextStyle): number {
  if (char === softHyphen) return 0;
  const code = char.codePointAt(0) ?? 0;
  const table = style === 'bold' ? bold : regular;
  if (code >= 0x20 && code <= 0x7e) return style === 'mono' ? monoAdvance : (table[code - 0x20] ?? 1000) / 1000;
  if (char === 'ß') return style === 'mono' ? monoAdvance : 0.611;
  const base = char.normalize('NFD')[0] ?? char;
  if (base !== char && latinLetter.test(char)) return advance(base, style);
  return unknownAdvance;
}

/** The width of `text` in ems of its font, with `letterSpacingEm` after every character as CSS adds it. */
export function textWidthEm(text: string, style: TextStyle, letterSpacingEm = 0): number {
  let width = 0;
  for (const char of text) width += advance(char, style) + letterSpacingEm;
  return width * margin;
}

/** One stretch of text between two places a line may break, as Chromium breaks it. */
interface Piece {
  width: number;
  /** A space stands before it (none is drawn at a line's start). */
  spaceBefore: boolean;
  /** It ends in a soft hyphen: a line that breaks after it ends with a hyphen this wide. */
  hyphen: number;
  text: string;
}

/**
 * How many lines `text` takes at `fontPt` in a box `widthPt` wide, broken as Chromium breaks it
 * for `overflow-wrap: anywhere` and `hyphens: manual`: at spaces, after hyphens and at soft
 * hyphens (soft-hyphens.ts), each line as full as it can be; a line that breaks at a soft hyphen
 * ends with a hyphen, which has to fit too. Only where no such break fits on a line is a word
 * broken between any two characters.
 */
export function lineCount(text: string, fontPt: number, widthPt: number, style: TextStyle, letterSpacingEm = 0): number {
  const widthOf = (part: string) => textWidthEm(part, style, letterSpacingEm) * fontPt;
  const hyphen = widthOf('-');
  const pieces: Piece[] = text
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .flatMap((word) =>
      word.split(/(?<=[-\u00AD])/).map((part, index) => ({ width: widthOf(part), spaceBefore: index === 0, hyphen: part.endsWith(softHyphen) ? hyphen : 0, text: part.replaceAll(softHyphen, '') })),
    );
  const space = widthOf(' ');
  let lines = 1;
  let first = 0;
  while (first < pieces.length) {
    // The line from `first` on: the last piece after which it may end, the line's content up to it fitting.
    let end = -1;
    let x = 0;
    for (let i = first; i < pieces.length; i += 1) {
      const piece = pieces[i] as Piece;
      x += (i > first && piece.spaceBefore ? space : 0) + piece.width;
      if (x > widthPt) break;
      if (i === pieces.length - 1) return lines;
      if (x + piece.hyphen <= widthPt) end = i;
    }
    // One character cannot break: it ends its line, fitting or not.
    if (end < first && [...(pieces[first] as Piece).text].length <= 1) end = first;
    if (end >= first) {
      first = end + 1;
    } else {
      // Nothing breaks on this line: the first piece is broken where the line is full, and its rest goes on.
      const piece = pieces[first] as Piece;
      const chars = [...piece.text];
      let rest = 0;
      let w = 0;
      for (const [index, char] of chars.entries()) {
        const charWidth = widthOf(char);
        if (w + charWidth > widthPt && w > 0) {
          lines += 1;
          rest = index;
          w = 0;
        }
        w += charWidth;
      }
      // A piece that fits only without its hyphen: its last character starts the next line.
      if (rest === 0) {
        lines += 1;
        rest = chars.length - 1;
      }
      const tail = chars.slice(rest).join('');
      pieces[first] = { ...piece, width: widthOf(tail), spaceBefore: false, text: tail };
      continue;
    }
    lines += 1;
  }
  return lines;
}
