import { z } from 'zod';
import { KioskError } from '../../../shared/contract/errors';
import { message, type Message } from '../../../shared/contract/messages';
import { stockCalls } from '../../../shared/contract/stock-calls';
import { PERSON_NAME_MAX } from '../../../shared/domain/limits';
import { issuesText, zodIssuesToDetails } from '../contract/zod-details';

/** The unlocked person's name from their key's credential, checked as any audited actor. */
const actor = z.string().trim().min(1).max(PERSON_NAME_MAX);

/** The contract's own inputs plus the actor, so a direct call is held to the same rules as the screen's. */
export const receiveInputSchema = stockCalls['stock.receive'].input.extend({ actor });
export const countInputSchema = stockCalls['stock.countPlugged'].input.extend({ actor });
export type ReceiveInput = z.input<typeof receiveInputSchema>;
export type CountInput = z.input<typeof countInputSchema>;

export function parseStockInput<S extends z.ZodType>(schema: S, value: unknown, refusal: 'stock.receiveInvalid' | 'stock.countInvalid'): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new KioskError('invalid_input', message(refusal, { problem: issuesText(parsed.error.issues, 1) }), { issues: zodIssuesToDetails(parsed.error.issues) });
}

/** An input the schema let through that still says nothing the stock can record; `path` names the field. */
export function refuseInput(says: Message, path: string): never {
  throw new KioskError('invalid_input', says, { issues: [{ path, message: says.reason }] });
}
