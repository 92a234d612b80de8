import german from 'hyphen/de/index.js';
import britishEnglish from 'hyphen/en-gb/index.js';
import type { Locale } from '../../../shared/domain/locale';

/**
 * U+00AD: where a word may break. Chromium shows it as a hyphen at a line end and not at all
 * elsewhere (CSS `hyphens: manual`, the default). Chromium on Linux, Electron's included, ships
 * no hyphenation dictionaries, so `hyphens: auto` breaks nothing there: the documents carry
 * their break points themselves, the same on every platform.
 */
export const softHyphen = '\u00AD';

/**
 * TeX's hyphenation patterns per document language, with the fewest letters a break may leave
 * on the next line as TeX uses them (babel's British English 3, German 2); the patterns
 * themselves never leave fewer than 2 before a break.
 */
const languages: Record<Locale, { patterns: typeof german; rightMin: number }> = {
  en: { patterns: britishEnglish, rightMin: 3 },
  de: { patterns: german, rightMin: 2 },
};

/** A run of letters (with their combining accents): digits, apostrophes and hyphens end a word. */
const word = /[\p{L}\p{M}]+/gu;

/**
 * `text` with soft hyphens at the points where the document's language lets its words break.
 * Only for descriptive values (names, department, key model, sign-in): a code, a seal number
 * or a custody value must be read exactly as it stands and never goes through here. Put in
 * before escaping for HTML, so no entity is ever split. Words the patterns know no break for
 * (a long run of random letters) stay whole; the documents' `overflow-wrap: anywhere` breaks them.
 */
export function withSoftHyphens(text: string, locale: Locale): string {
  const { patterns, rightMin } = languages[locale];
  return text.replace(word, (letters) => {
    const parts = patterns.hyphenateSync(letters, { hyphenChar: softHyphen }).split(softHyphen);
    while (parts.length > 1 && [...(parts.at(-1) ?? '')].length < rightMin) {
      const last = parts.pop() ?? '';
      parts[parts.length - 1] += last;
    }
    return parts.join(softHyphen);
  });
}
