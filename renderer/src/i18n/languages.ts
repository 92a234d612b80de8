import type { i18n as I18next, Resource, ResourceLanguage } from 'i18next';
import type { Locale } from '../../../shared/domain/locale';
import { englishResources } from './i18n-resources';

export { isLocale, locales, type Locale } from '../../../shared/domain/locale';

/**
 * English is always loaded; other languages are fetched the first time they are chosen, so the
 * first screen does not wait for dictionaries it may never show.
 */
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<ResourceLanguage>> = {
  de: () => import('./german-resources').then((module) => module.germanResources),
};
const loaded: Partial<Record<Locale, ResourceLanguage>> = { en: englishResources };

/** Resolves once `locale`'s texts are here (at once for one already loaded). */
export async function loadLanguage(locale: Locale): Promise<void> {
  if (locale === 'en' || loaded[locale]) return;
  loaded[locale] = await loaders[locale]();
}

/** Every language loaded so far, as i18next's resources. */
export function loadedResources(): Resource {
  return Object.fromEntries(Object.entries(loaded).map(([locale, translation]) => [locale, { translation }]));
}

/** Loads `locale` if needed, hands its texts to `i18n`, then switches to it. */
export async function switchLanguage(i18n: I18next, locale: Locale): Promise<void> {
  await loadLanguage(locale);
  const translation = loaded[locale];
  if (translation && !i18n.hasResourceBundle(locale, 'translation')) i18n.addResourceBundle(locale, 'translation', translation);
  await i18n.changeLanguage(locale);
}
