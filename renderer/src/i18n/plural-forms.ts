/**
 * A message that depends on a number: one text per CLDR plural category the language uses
 * (English and German: one, other). `other` is always there, so an unexpected category
 * still finds a text.
 */
export type PluralCategory = Intl.LDMLPluralRule;
export type PluralForms = Readonly<Partial<Record<PluralCategory, string>>> & { readonly other: string };

const rulesByLocale = new Map<string, Intl.PluralRules>();

function rulesFor(locale: string): Intl.PluralRules {
  let rules = rulesByLocale.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    rulesByLocale.set(locale, rules);
  }
  return rules;
}

/** The categories a language distinguishes for cardinal numbers, sorted. */
export function pluralCategoriesOf(locale: string): PluralCategory[] {
  return [...rulesFor(locale).resolvedOptions().pluralCategories].sort();
}

export function selectPluralForm(locale: string, forms: PluralForms, count: number): string {
  return forms[rulesFor(locale).select(count)] ?? forms.other;
}

export function isPluralForms(value: unknown): value is PluralForms {
  return typeof value === 'object' && value !== null && typeof (value as { other?: unknown }).other === 'string';
}
