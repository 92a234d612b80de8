import { z } from 'zod';
import { englishMessages, englishTerms } from './messages-en';

/**
 * Every sentence the core says to a person travels as a code and its parameters; the renderer
 * translates it (keys `msg.<code>` in its dictionaries). Both languages sit side by side here:
 * messages-en.ts, the one typed list of codes and the source of each code's placeholders, and
 * messages-de.ts. The core keeps no other wording: its log renders the English from the code,
 * so a log line and the English screen read the same.
 */
export type MessageCode = keyof typeof englishMessages;
export const messageCodes = Object.keys(englishMessages) as MessageCode[];
export const messageCodeSchema = z.enum(messageCodes as [MessageCode, ...MessageCode[]]);

/** Parameters whose value is itself a word to translate (`term.<kind>.<value>`), by name. */
export const termParams = {
  field: 'rosterField',
  delimiter: 'delimiter',
  searchField: 'searchField',
  envelopeState: 'envelopeState',
  wantedState: 'envelopeState',
  nextState: 'envelopeState',
  otherNextState: 'envelopeState',
} as const;
/** Parameters whose value is a comma-separated list of such words, shown as a list. */
export const termListParams = { fields: 'rosterField', roles: 'role' } as const;
export type TermKind = keyof typeof englishTerms;
type TermParam = keyof typeof termParams;

/** A text for every message code, with the forms of a plural where English has them. */
export type MessageTexts = { readonly [C in MessageCode]: (typeof englishMessages)[C] extends string ? string : { readonly one: string; readonly other: string } };
/** A word for every term that stands in a message as a parameter. */
export type TermTexts = { readonly [K in TermKind]: { readonly [V in keyof (typeof englishTerms)[K]]: string } };

type Template<C extends MessageCode> = (typeof englishMessages)[C] extends { other: infer S } ? S : (typeof englishMessages)[C];
type PlaceholdersOf<S> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | PlaceholdersOf<Rest> : never;
type ParamValue<P> = P extends TermParam ? keyof (typeof englishTerms)[(typeof termParams)[P]] : string | number;
export type ParamsOf<C extends MessageCode> = { [P in PlaceholdersOf<Template<C>>]: ParamValue<P> };

export const messageParamsSchema = z.record(z.string().max(60), z.union([z.string().max(500), z.number()]));
export type MessageParams = z.infer<typeof messageParamsSchema>;

export const messageSchema = z.object({ reason: messageCodeSchema, params: messageParamsSchema }).strict();
export type Message = z.infer<typeof messageSchema>;

/** A message by its code; the parameters the code's text names are required, and only those. */
export function message<C extends MessageCode>(reason: C, ...params: keyof ParamsOf<C> extends never ? [] : [ParamsOf<C>]): Message {
  return { reason, params: (params[0] ?? {}) as MessageParams };
}

const englishPlurals = new Intl.PluralRules('en');

/** The English sentence, for logs and as the fallback where no translation is at hand. */
export function englishText(said: Message): string {
  const entry: string | { one: string; other: string } = englishMessages[said.reason];
  const template = typeof entry === 'string' ? entry : englishPlurals.select(Number(said.params['count'])) === 'one' ? entry.one : entry.other;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = said.params[name];
    if (value === undefined) return whole;
    const listKind = (termListParams as Record<string, TermKind | undefined>)[name];
    if (listKind) return String(value).split(',').map((item) => englishTerm(listKind, item)).join(', ');
    const kind = (termParams as Record<string, TermKind | undefined>)[name];
    return kind ? englishTerm(kind, String(value)) : String(value);
  });
}

function englishTerm(kind: TermKind, value: string): string {
  return (englishTerms[kind] as Record<string, string | undefined>)[value] ?? value;
}
