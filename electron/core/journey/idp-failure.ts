import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import { IdpError } from '../idp/idp-error';

/** An IdP failure as the journey's screens see it: unreachable (try again later) or refused (call IT). */
export function idpFailure(error: unknown): KioskError {
  if (error instanceof KioskError) return error;
  if (error instanceof IdpError) {
    const details = { kind: error.kind, status: error.status, idpMessage: error.idpMessage };
    const code = error.kind === 'transient' || error.kind === 'rateLimited' ? 'idp_unreachable' : 'idp_rejected';
    return new KioskError(code, error.says, details);
  }
  return new KioskError('idp_unreachable', message('idp.couldNotAsk'), { error: error instanceof Error ? error.message : String(error) });
}
