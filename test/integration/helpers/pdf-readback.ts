import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/**
 * A printed PDF read back as a person would: its words with poppler's pdftotext, where each
 * word sits (pdftotext -bbox-layout, in pt from the page's top left), and a QR code decoded
 * from a pdftoppm rendering. The renderings land in test-results/print/ for a person to look at.
 */
export const pngDir = join(import.meta.dirname, '..', '..', '..', 'test-results', 'print');

export interface WordBox {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PageWords {
  width: number;
  height: number;
  words: WordBox[];
}

/** The words as pdftotext reads them, line breaks and runs of spaces as one space. */
export function textOf(pdf: string): string {
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

/**
 * Whether `value` reads whole in `text` (textOf's words, in order): its lines may break at its
 * spaces and after its hyphens, and inside a word either between any two letters (a string no
 * hyphenation pattern breaks, wider than the line) or with a "-" the printer drew there (a soft
 * hyphen at a line's end; one not at a line's end prints nothing, and pdftotext reads nothing).
 */
export function readsWhole(text: string, value: string): boolean {
  const escape = (char: string) => char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = value
    .trim()
    .split(/\s+/)
    .map((word) => [...word].map(escape).join('(?:-? )?'))
    .join(' ?');
  return new RegExp(pattern, 'u').test(text);
}

/** Every page with its box and its words' boxes. */
export function pagesOf(pdf: string): PageWords[] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8' });
  return xml
    .split('<page ')
    .slice(1)
    .map((page) => {
      const box = /^width="([\d.]+)" height="([\d.]+)"/.exec(page);
      const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
        text: decodeEntities(m[5] ?? ''),
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
      }));
      return { width: Number(box?.[1]), height: Number(box?.[2]), words };
    });
}

/** The words whose box reaches past the page's edge (there should be none). */
export function wordsOffThePage(page: PageWords): WordBox[] {
  return page.words.filter((word) => word.xMin < 0 || word.yMin < 0 || word.xMax > page.width || word.yMax > page.height);
}

export function pageSizeMm(page: PageWords): { width: number; height: number } {
  return { width: (page.width * 25.4) / 72, height: (page.height * 25.4) / 72 };
}

/** Renders page 1 at `dpi` into test-results/print/NAME.png and returns its path. */
export function renderPng(pdf: string, name: string, dpi: number): string {
  mkdirSync(pngDir, { recursive: true });
  const base = join(pngDir, name);
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-singlefile', pdf, base]);
  return `${base}.png`;
}

/** The QR code on a rendering, or null when none decodes. */
export function decodeQr(png: string): string | null {
  const image = PNG.sync.read(readFileSync(png));
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data ?? null;
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name] ?? '');
}
