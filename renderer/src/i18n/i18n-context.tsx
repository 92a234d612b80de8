import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MessageKey, PluralKey } from './en';
import { relativeParts } from './relative-time';
import { translate, translatePlural, type Locale, type MessageParams } from './translate';

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: MessageParams): string;
  /** A message that depends on a number: the language's plural form, with {count} filled in. */
  tn(key: PluralKey, count: number, params?: MessageParams): string;
  /** A clock time such as 09:14, in the chosen language's style. */
  formatTime(iso: string): string;
  /** A date with its time, such as 2 Mar 2026, 09:14 / 02.03.2026, 09:14. */
  formatDateTime(iso: string): string;
  /** "3 minutes ago" / "vor 3 Minuten", relative to `nowMs`. */
  formatAgo(iso: string, nowMs: number): string;
  /** First letter upper case, for a phrase that stands alone ("now" → "Now"). */
  capitalize(text: string): string;
  /** "a, b and c" / "a, b und c". */
  formatList(items: readonly string[]): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ initialLocale, children }: { initialLocale: Locale; children: ReactNode }) {
  const [locale, setLocale] = useState<Locale>(initialLocale);

  // The document language drives screen-reader pronunciation and hyphenation.
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = translate(locale, 'app.name');
  }, [locale]);

  const value = useMemo<I18n>(() => {
    const listFormat = new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' });
    const timeFormat = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' });
    const relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    const format = (formatter: Intl.DateTimeFormat, iso: string) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : formatter.format(date);
    };
    return {
      locale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      tn: (key, count, params) => translatePlural(locale, key, count, params),
      formatTime: (iso) => format(timeFormat, iso),
      formatDateTime: (iso) => format(dateTimeFormat, iso),
      formatAgo: (iso, nowMs) => {
        const then = Date.parse(iso);
        if (Number.isNaN(then)) return iso;
        const { value, unit } = relativeParts(then, nowMs);
        return relativeFormat.format(value, unit);
      },
      formatList: (items) => listFormat.format(items),
      capitalize: (text) => text.charAt(0).toLocaleUpperCase(locale) + text.slice(1),
    };
  }, [locale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside I18nProvider');
  return value;
}
