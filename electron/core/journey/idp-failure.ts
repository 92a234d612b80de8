import { KioskError } from '../../../shared/contract/errors';
import { IdpError } from '../idp/idp-error';

/** An IdP failure as the journey's screens see it: unreachable (try again later) or refused (call IT). */
export function idpFailure(error: unknown): KioskError {
  if (error instanceof KioskError) return error;
  if (error instanceof IdpError) {
    const details = { kind: error.kind, status: error.status, idpMessage: error.idpMessage };
    if (error.kind === 'transient' || error.kind === 'rateLimited') return new KioskError('idp_unreachable', error.message, details);
    return new KioskError('idp_rejected', error.message, details);
  }
  return new KioskError('idp_unreachable', `The identity provider could not be asked: ${error instanceof Error ? error.message : String(error)}`);
}
