import type { CallName, CallOutput, ParsedInput } from '../../../shared/contract/calls';

/** Who is calling: transports fill this in after their own checks. */
export interface CallContext {
  transport: 'ipc' | 'web' | 'test';
}

export type Handler<K extends CallName> = (
  input: ParsedInput<K>,
  ctx: CallContext,
) => Promise<CallOutput<K>> | CallOutput<K>;

/** One handler per call of the contract; the compiler makes sure none is missing. */
export type HandlerTable = { [K in CallName]: Handler<K> };

/** A capability's slice of the table. */
export type PartialHandlers<K extends CallName> = { [P in K]: Handler<P> };
