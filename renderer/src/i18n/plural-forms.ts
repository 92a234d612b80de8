/**
 * A message that depends on a number, as the dictionaries write it: one text per CLDR plural
 * category the language uses (English and German: one, other). i18next picks the form with
 * Intl.PluralRules; the resources turn `{one, other}` into its `key_one` / `key_other`.
 */
export type PluralCategory = Intl.LDMLPluralRule;
export type PluralForms = Readonly<Partial<Record<PluralCategory, string>>> & { readonly other: string };

export function isPluralForms(value: unknown): value is PluralForms {
  return typeof value === 'object' && value !== null && typeof (value as { other?: unknown }).other === 'string';
}
