import { describe, expect, it } from 'vitest';
import { dictionaries, locales, placeholdersOf, translate } from '../../renderer/src/i18n/translate';
import { en } from '../../renderer/src/i18n/en';

describe('i18n dictionaries', () => {
  const englishKeys = Object.keys(en).sort();

  it.each(locales)('%s has exactly the English keys, no more and no fewer', (locale) => {
    expect(Object.keys(dictionaries[locale]).sort()).toEqual(englishKeys);
  });

  it.each(locales)('%s has no empty message', (locale) => {
    const empty = Object.entries(dictionaries[locale]).filter(([, text]) => text.trim().length === 0).map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('German uses the same {placeholders} as English for every key', () => {
    const mismatched = englishKeys.filter(
      (key) => placeholdersOf(dictionaries.de[key as keyof typeof en]).join() !== placeholdersOf(en[key as keyof typeof en]).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it('German is actually translated, not a copy of English', () => {
    const same = englishKeys.filter((key) => dictionaries.de[key as keyof typeof en] === en[key as keyof typeof en]);
    // Language names, placeholder-only patterns and words German shares with English.
    expect(same.sort()).toEqual(['error.details', 'language.de', 'language.en', 'report.openGroup', 'report.stepWithReason', 'roster.colName', 'status.withReason']);
  });

  it('fills placeholders and leaves a missing one visible', () => {
    expect(translate('en', 'board.paceLine', { done: 8, total: 12, pace: '4 min behind' })).toBe('8 of 12 done · 4 min behind');
    expect(translate('de', 'board.behind', { minutes: 4 })).toBe('4 Min. im Verzug');
    expect(translate('en', 'board.behind', {})).toBe('{minutes} min behind');
  });
});
