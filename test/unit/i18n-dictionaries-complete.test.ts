import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { isPluralForms, type PluralForms } from '../../renderer/src/i18n/plural-forms';
import { locales } from '../../renderer/src/i18n/languages';
import { placeholdersOf } from '../../renderer/src/i18n/translate';
import { dictionaries, translate, translatePlural } from './helpers/translate-both-languages';

const pluralCategoriesOf = (locale: string) => [...new Intl.PluralRules(locale).resolvedOptions().pluralCategories].sort();

type AnyKey = keyof typeof en;
const englishKeys = (Object.keys(en) as AnyKey[]).sort();
const pluralKeys = englishKeys.filter((key) => isPluralForms(en[key]));
const entry = (locale: (typeof locales)[number], key: AnyKey): string | PluralForms => dictionaries[locale][key];
/** Every text of a message: the message itself, or each of its plural forms. */
const textsOf = (value: string | PluralForms): string[] => (typeof value === 'string' ? [value] : Object.values(value));

describe('i18n dictionaries', () => {
  it.each(locales)('%s has exactly the English keys, no more and no fewer', (locale) => {
    expect(Object.keys(dictionaries[locale]).sort()).toEqual(englishKeys);
  });

  it.each(locales)('%s has no empty message and no empty plural form', (locale) => {
    const empty = englishKeys.filter((key) => textsOf(entry(locale, key)).some((text) => text.trim().length === 0));
    expect(empty).toEqual([]);
  });

  it('the dictionaries hold plural messages, and nothing is written as "row(s)" any more', () => {
    expect(pluralKeys.length).toBeGreaterThanOrEqual(6);
    const hedged = locales.flatMap((locale) =>
      englishKeys.filter((key) => textsOf(entry(locale, key)).some((text) => /\w\((s|n|en|er|e)\)/.test(text))).map((key) => `${locale}:${key}`),
    );
    expect(hedged).toEqual([]);
  });

  it.each(locales)('%s: a plural message is plural in every language, a plain one plain', (locale) => {
    const mismatched = englishKeys.filter((key) => isPluralForms(entry(locale, key)) !== isPluralForms(en[key]));
    expect(mismatched).toEqual([]);
  });

  it.each(locales)('%s: every plural message has exactly the forms the language distinguishes (Intl.PluralRules)', (locale) => {
    const categories = pluralCategoriesOf(locale);
    expect(categories).toContain('other');
    for (const key of pluralKeys) {
      expect(Object.keys(entry(locale, key)).sort(), `${locale}:${key}`).toEqual(categories);
    }
  });

  it.each(locales)('%s uses the same {placeholders} as English for every key and every plural form, {count} in each form', (locale) => {
    const mismatched = englishKeys.filter((key) => {
      const english = placeholdersOf(textsOf(en[key])[0] ?? '').join();
      return textsOf(entry(locale, key)).some((text) => placeholdersOf(text).join() !== english);
    });
    expect(mismatched).toEqual([]);
    const withoutCount = pluralKeys.filter((key) => textsOf(entry(locale, key)).some((text) => !placeholdersOf(text).includes('count')));
    expect(withoutCount).toEqual([]);
  });

  it('German is actually translated, not a copy of English', () => {
    const same = englishKeys.filter((key) => JSON.stringify(entry('de', key)) === JSON.stringify(en[key]));
    // Language and product names, placeholder-only patterns and words German shares with English.
    expect(same.sort()).toEqual([
      'access.name',
      'access.role.helpdesk',
      'access.role.it',
      'error.details',
      'fleetReport.countWithShare',
      'fleetReport.groupKiosk',
      'helpdesk.authenticators.name',
      'helpdesk.resume',
      'helpdesk.type.passkey',
      'kioskStatus.idp.kind.authentik',
      'kioskStatus.idp.kind.entra',
      'kioskStatus.idp.kind.keycloak',
      'kioskStatus.keys.pin',
      'kioskStatus.keys.problem',
      'kioskStatus.training',
      'language.de',
      'language.en',
      'nav.helpdesk',
      'passkey.platform.android',
      'passkey.platform.iphone',
      'passkey.platform.mac',
      'passkey.platform.windows',
      'pin.enter.label',
      'report.openGroup',
      'report.stepWithReason',
      'roster.colName',
      'roster.encoding.utf8',
      'skip.reasonWithNote',
      'stock.summary.line',
    ]);
  });

  it('fills placeholders and leaves a missing one visible', () => {
    expect(translate('en', 'board.paceLine', { done: 8, total: 12, pace: '4 min behind' })).toBe('8 of 12 done · 4 min behind');
    expect(translate('de', 'board.behind', { minutes: 4 })).toBe('4 Min. im Verzug');
    expect(translate('en', 'board.behind', {})).toBe('{minutes} min behind');
  });

  it('chooses the plural form by the number: one for 1, other for 0, 2 and many, in both languages', () => {
    expect(translatePlural('en', 'roster.acceptedCount', 1)).toBe('1 row is ready to import.');
    expect(translatePlural('en', 'roster.acceptedCount', 0)).toBe('0 rows are ready to import.');
    expect(translatePlural('en', 'roster.acceptedCount', 2)).toBe('2 rows are ready to import.');
    expect(translatePlural('de', 'roster.rejectedCount', 1)).toBe('1 Zeile wird nicht importiert.');
    expect(translatePlural('de', 'roster.rejectedCount', 3)).toBe('3 Zeilen werden nicht importiert.');
    expect(translatePlural('en', 'report.summary', 1, { complete: 0 })).toBe('0 of 1 attendee completed every step.');
    expect(translatePlural('en', 'report.summary', 12, { complete: 5 })).toBe('5 of 12 attendees completed every step.');
  });

  it('writes the count in the language\'s number style', () => {
    expect(translatePlural('en', 'roster.acceptedCount', 5000)).toBe('5,000 rows are ready to import.');
    expect(translatePlural('de', 'roster.acceptedCount', 5000)).toBe('5.000 Zeilen können importiert werden.');
  });
});
