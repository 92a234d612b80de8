import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { Message } from '../../../shared/contract/messages';
import type { MessageKey, PluralKey } from './en';
import { isLocale, switchLanguage, type Locale } from './languages';
import { relativeParts } from './relative-time';
import { createI18next, sayWith, translatePluralWith, translateWith, type MessageParams } from './translate';

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: MessageParams): string;
  /** A message that depends on a number: the language's plural form, with {count} filled in. */
  tn(key: PluralKey, count: number, params?: MessageParams): string;
  /** What the core said (an error's or a roster row's message), in the chosen language. */
  say(message: Message): string;
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

/** Holds the i18next instance; its language starts as the kiosk's stored choice (loaded before: see loadLanguage). */
export function I18nProvider({ initialLocale, children }: { initialLocale: Locale; children: ReactNode }) {
  const [i18n] = useState(() => createI18next(initialLocale));
  return (
    <I18nextProvider i18n={i18n}>
      <DocumentLanguage />
      {children}
    </I18nextProvider>
  );
}

/** The document language drives screen-reader pronunciation and hyphenation. */
function DocumentLanguage() {
  const { locale, t } = useI18n();
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('app.name');
  }, [locale, t]);
  return null;
}

/** The kiosk's translation calls over react-i18next, so a language change re-renders every user. */
export function useI18n(): I18n {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const locale: Locale = isLocale(language) ? language : 'en';

  return useMemo<I18n>(() => {
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
      // Should the language's texts fail to load (the host gone), the screen stays in the language it had.
      setLocale: (next) => void switchLanguage(i18n, next).catch(() => undefined),
      t: (key, params) => translateWith(i18n, key, params),
      tn: (key, count, params) => translatePluralWith(i18n, locale, key, count, params),
      say: (message) => sayWith(i18n, locale, message),
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
  }, [i18n, locale]);
}
