import { de } from './de';
import { en, type MessageKey } from './en';

export const locales = ['en', 'de'] as const;
export type Locale = (typeof locales)[number];
export type MessageParams = Readonly<Record<string, string | number>>;

export const dictionaries: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en, de };

/** Fills {name} placeholders; a missing parameter stays visible so a gap is noticed, not hidden. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = dictionaries[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** The placeholder names a message uses, sorted; the dictionary test compares them per key. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

export function isLocale(value: string): value is Locale {
  return (locales as readonly string[]).includes(value);
}
