import type { i18n as I18next } from 'i18next';
import type { Message } from '../../../shared/contract/messages';
import { englishResources } from '../../../renderer/src/i18n/i18n-resources';
import { de } from '../../../renderer/src/i18n/de';
import { en, type Dictionary, type MessageKey, type PluralKey } from '../../../renderer/src/i18n/en';
import { germanResources } from '../../../renderer/src/i18n/german-resources';
import type { Locale } from '../../../renderer/src/i18n/languages';
import { createI18next, sayWith, translatePluralWith, translateWith, type MessageParams } from '../../../renderer/src/i18n/translate';

/**
 * The renderer's translation outside React, with both languages loaded at once (the app loads
 * German only when it is chosen): for the tests that compare the dictionaries and read what a
 * message says in each language.
 */
export const dictionaries: Readonly<Record<Locale, Dictionary>> = { en, de };

const resources = { en: { translation: englishResources }, de: { translation: germanResources } };
const instances = new Map<Locale, I18next>();

function instanceFor(locale: Locale): I18next {
  let instance = instances.get(locale);
  if (!instance) {
    instance = createI18next(locale, resources);
    instances.set(locale, instance);
  }
  return instance;
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  return translateWith(instanceFor(locale), key, params);
}

export function translatePlural(locale: Locale, key: PluralKey, count: number, params?: MessageParams): string {
  return translatePluralWith(instanceFor(locale), locale, key, count, params);
}

export function say(locale: Locale, said: Message): string {
  return sayWith(instanceFor(locale), locale, said);
}
