import type { ResourceLanguage } from 'i18next';
import { englishMessages, englishTerms } from '../../../shared/contract/messages-en';
import { en, type Dictionary } from './en';
import type { MessageTexts, TermTexts } from '../../../shared/contract/messages';
import { isPluralForms, type PluralForms } from './plural-forms';

/**
 * The dictionaries stay typed TS modules with `{one, other}` plural objects, which keeps typed
 * keys (MessageKey for `t`, PluralKey for `tn`) and lets the dictionary test compare forms per
 * key; i18next gets them here as flat keys with its `_one` / `_other` suffixes, which it
 * chooses with Intl.PluralRules. What the core says joins as `msg.<code>` and `term.<kind>.<value>`.
 */
function flatten(entries: Readonly<Record<string, string | PluralForms>>, prefix = ''): ResourceLanguage {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) {
    if (isPluralForms(value)) {
      for (const [category, text] of Object.entries(value)) if (text !== undefined) flat[`${prefix}${key}_${category}`] = text;
    } else {
      flat[`${prefix}${key}`] = value;
    }
  }
  return flat;
}

function termsOf(terms: TermTexts): ResourceLanguage {
  return Object.assign({}, ...Object.entries(terms).map(([kind, words]) => flatten(words as Record<string, string>, `term.${kind}.`)));
}

export function languageResources(dictionary: Dictionary, messages: MessageTexts, terms: TermTexts): ResourceLanguage {
  return { ...flatten(dictionary), ...flatten(messages, 'msg.'), ...termsOf(terms) };
}

/** English is the fallback language: always there. */
export const englishResources = languageResources(en, englishMessages, englishTerms);
