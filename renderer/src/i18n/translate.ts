import { de } from './de';
import { en, type Dictionary, type MessageKey, type PluralKey } from './en';
import { selectPluralForm } from './plural-forms';

export const locales = ['en', 'de'] as const;
export type Locale = (typeof locales)[number];
export type MessageParams = Readonly<Record<string, string | number>>;

export const dictionaries: Readonly<Record<Locale, Dictionary>> = { en, de };

const numberFormats = new Map<Locale, Intl.NumberFormat>();

function formatNumber(locale: Locale, value: number): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

/** Fills {name} placeholders; a missing parameter stays visible so a gap is noticed, not hidden. */
function fill(template: string, params: MessageParams | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  return fill(dictionaries[locale][key], params);
}

/** The plural form the language uses for `count`, with {count} filled in its number style (5,000 / 5.000). */
export function translatePlural(locale: Locale, key: PluralKey, count: number, params?: MessageParams): string {
  const template = selectPluralForm(locale, dictionaries[locale][key], count);
  return fill(template, { ...params, count: formatNumber(locale, count) });
}

/** The placeholder names a message uses, sorted; the dictionary test compares them per key. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

export function isLocale(value: string): value is Locale {
  return (locales as readonly string[]).includes(value);
}
