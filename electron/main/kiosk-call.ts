import type { ResponseEnvelope } from '../../shared/contract/envelope';
import { KioskError } from '../../shared/contract/errors';
import { message } from '../../shared/contract/messages';
import type { Dispatch } from '../core/contract/dispatch';
import { isTrustedOrigin } from './security/origin-check';

/**
 * One IPC call, decided without Electron: the sending frame's parsed origin must be trusted,
 * the name must be text; the dispatcher parses the input with the contract's schema.
 */
export function handleKioskCall(
  dispatch: Dispatch,
  trustedOrigins: readonly string[],
  senderUrl: string | undefined,
  name: unknown,
  input: unknown,
): Promise<ResponseEnvelope> {
  if (!isTrustedOrigin(senderUrl, trustedOrigins)) {
    return Promise.resolve({ ok: false, error: new KioskError('forbidden', message('contract.untrustedPage')).toBody() });
  }
  if (typeof name !== 'string') {
    return Promise.resolve({ ok: false, error: new KioskError('invalid_input', message('contract.callNameNotText')).toBody() });
  }
  return dispatch(name, input, { transport: 'ipc' });
}
