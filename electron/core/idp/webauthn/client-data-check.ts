import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { message } from '../../../../shared/contract/messages';
import { IdpError } from '../idp-error';

/**
 * Before a registration leaves the kiosk: was it made for this IdP's origin and challenge?
 * A mismatch can never succeed at the IdP, so it is refused here with a clear reason instead
 * of becoming an outbox item that fails later.
 */
export function checkClientData(response: RegistrationResponseJSON, expected: { origin: string; challenge: string }, idpLabel: string): void {
  let data: { type?: unknown; origin?: unknown; challenge?: unknown };
  try {
    data = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8')) as typeof data;
  } catch {
    throw new IdpError('permanent', message('idp.keyAnswerUnreadable', { idp: idpLabel }));
  }
  if (data.type !== 'webauthn.create') {
    throw new IdpError('permanent', message('idp.keyAnswerNotRegistration', { idp: idpLabel }));
  }
  if (data.origin !== expected.origin) {
    throw new IdpError('permanent', message('idp.keyWrongOrigin', { idp: idpLabel, origin: String(data.origin), expected: expected.origin }));
  }
  if (data.challenge !== expected.challenge) {
    throw new IdpError('permanent', message('idp.keyWrongChallenge', { idp: idpLabel }));
  }
}
