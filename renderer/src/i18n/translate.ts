import { createInstance, type i18n as I18next, type Resource } from 'i18next';
import { termListParams, termParams, type Message, type TermKind } from '../../../shared/contract/messages';
import { englishMessages } from '../../../shared/contract/messages-en';
import type { MessageKey, PluralKey } from './en';
import { loadedResources, locales, type Locale } from './languages';

export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * One i18next instance per provider, with the languages loaded so far (`locale` must be one of
 * them: see loadLanguage). The dictionaries write placeholders as {name}, so that is i18next's
 * prefix and suffix; React escapes what it renders, so i18next must not. A missing parameter
 * stays visible as {name}, so a gap is noticed.
 */
export function createI18next(locale: Locale, resources: Resource = loadedResources()): I18next {
  const instance = createInstance();
  void instance.init({
    resources,
    lng: locale,
    fallbackLng: 'en',
    supportedLngs: locales,
    initAsync: false,
    keySeparator: false,
    nsSeparator: false,
    returnEmptyString: false,
    interpolation: { prefix: '{', suffix: '}', escapeValue: false },
  });
  return instance;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A count in the language's number style (5,000 / 5.000). */
function formatNumber(locale: Locale, value: number): string {
  return numberFormat(locale, true).format(value);
}

/**
 * Any other number the core sends (seconds, an HTTP status, a line or port number): the
 * language's decimal mark (1.5 s / 1,5 s) but no grouping, which would make line 1234 read as
 * line 1.234 in German.
 */
function formatValue(locale: Locale, value: number): string {
  return numberFormat(locale, false).format(value);
}

function numberFormat(locale: Locale, useGrouping: boolean): Intl.NumberFormat {
  const key = `${locale}:${useGrouping}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { useGrouping, maximumFractionDigits: 3 });
    numberFormats.set(key, format);
  }
  return format;
}

// Parameters go in `replace`, so a parameter can never be read as an i18next option (lng, count, …).
export function translateWith(i18n: I18next, key: MessageKey, params?: MessageParams): string {
  return i18n.t(key, { replace: params ?? {} });
}

/** The plural form the language uses for `count`, with {count} filled in its number style (5,000 / 5.000). */
export function translatePluralWith(i18n: I18next, locale: Locale, key: PluralKey, count: number, params?: MessageParams): string {
  return i18n.t(key, { count, replace: { ...params, count: formatNumber(locale, count) } });
}

/** What the core said, in the language: its code's text, with words among the parameters translated too. */
export function sayWith(i18n: I18next, locale: Locale, said: Message): string {
  const term = (kind: TermKind, value: string) => i18n.t(`term.${kind}.${value}`, { defaultValue: value });
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(said.params)) {
    const listKind = (termListParams as Record<string, TermKind | undefined>)[name];
    const kind = (termParams as Record<string, TermKind | undefined>)[name];
    if (listKind) params[name] = new Intl.ListFormat(locale, { type: 'conjunction' }).format(String(value).split(',').map((item) => term(listKind, item)));
    else if (kind) params[name] = term(kind, String(value));
    else params[name] = typeof value === 'number' ? formatValue(locale, value) : value;
  }
  const key = `msg.${said.reason}`;
  if (typeof englishMessages[said.reason] === 'string') return i18n.t(key, { replace: params });
  const count = Number(said.params['count']);
  return i18n.t(key, { count, replace: { ...params, count: formatNumber(locale, count) } });
}

/** The placeholder names a message uses, sorted; the dictionary test compares them per key. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}
