import { calls, isCallName, type CallName } from '../../../shared/contract/calls';
import type { ResponseEnvelope } from '../../../shared/contract/envelope';
import { KioskError, type ErrorCode } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { FacilitatorIdentity } from '../../../shared/domain/access';
import type { CallContext, HandlerTable } from './handler-table';
import { issuesText, zodIssuesToDetails } from './zod-details';

export interface DispatchOptions {
  /** Called with errors that are not KioskErrors, i.e. bugs; never with inputs (they may hold PINs). */
  onInternalError?: (name: string, error: unknown) => void;
  /**
   * Asked before every call, before its input is even read: throws to refuse it (`locked`, or
   * `forbidden` for a role that may not make it), else names the facilitator the call acts for
   * (null when locked).
   */
  authorize?: (name: CallName) => FacilitatorIdentity | null;
  /** Called once per call with what the log may know of it: never the input or the result. */
  onCallDone?: (call: CallDone) => void;
}

export interface CallDone {
  /** As the transport sent it, cut to 80 characters (an unknown name comes from outside). */
  name: string;
  outcome: 'ok' | ErrorCode;
  ms: number;
}

/**
 * The one place every transport hands a call to: parse the input with the contract's schema,
 * run the handler, turn any failure into an error body. Transports stay thin.
 */
export function createDispatcher(handlers: HandlerTable, options: DispatchOptions = {}) {
  async function run(name: string, rawInput: unknown, ctx: CallContext): Promise<ResponseEnvelope> {
    if (!isCallName(name)) {
      return { ok: false, error: new KioskError('unknown_call', message('contract.unknownCall', { call: name.slice(0, 80) })).toBody() };
    }
    let facilitator: FacilitatorIdentity | null;
    try {
      facilitator = options.authorize?.(name) ?? null;
    } catch (error) {
      if (error instanceof KioskError) return { ok: false, error: error.toBody() };
      throw error;
    }
    const spec = calls[name];
    const parsed = spec.input.safeParse(rawInput);
    if (!parsed.success) {
      return {
        ok: false,
        error: new KioskError('invalid_input', message('contract.invalidInput', { call: name, problem: issuesText(parsed.error.issues, 1) }), {
          issues: zodIssuesToDetails(parsed.error.issues),
        }).toBody(),
      };
    }
    try {
      const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown;
      const result = await handler(parsed.data, { ...ctx, facilitator });
      return { ok: true, result: spec.output.parse(result) };
    } catch (error) {
      if (error instanceof KioskError) return { ok: false, error: error.toBody() };
      options.onInternalError?.(name, error);
      return {
        ok: false,
        error: new KioskError('internal', message('contract.internal')).toBody(),
      };
    }
  }

  return async function dispatch(name: string, rawInput: unknown, ctx: CallContext): Promise<ResponseEnvelope> {
    const started = performance.now();
    const response = await run(name, rawInput, ctx);
    options.onCallDone?.({ name: name.slice(0, 80), outcome: response.ok ? 'ok' : response.error.code, ms: Math.round(performance.now() - started) });
    return response;
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
