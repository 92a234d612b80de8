import type { CallName, CallOutput, ParsedInput } from '../../../shared/contract/calls';
import type { FacilitatorIdentity } from '../../../shared/domain/access';

/** Who is calling: transports fill in the transport after their own checks, the dispatcher the facilitator. */
export interface CallContext {
  transport: 'ipc' | 'web' | 'test';
  /** The unlocked facilitator the call acts for (from their key's credential); null or absent while locked. */
  facilitator?: FacilitatorIdentity | null;
}

export type Handler<K extends CallName> = (
  input: ParsedInput<K>,
  ctx: CallContext,
) => Promise<CallOutput<K>> | CallOutput<K>;

/** One handler per call of the contract; the compiler makes sure none is missing. */
export type HandlerTable = { [K in CallName]: Handler<K> };

/** A capability's slice of the table. */
export type PartialHandlers<K extends CallName> = { [P in K]: Handler<P> };
