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
    throw new IdpError('permanent', `The security key's answer for ${idpLabel} has unreadable client data. Register the key again.`, {
      says: message('idp.keyAnswerUnreadable', { idp: idpLabel }),
    });
  }
  if (data.type !== 'webauthn.create') {
    throw new IdpError('permanent', `The security key's answer for ${idpLabel} is not a registration. Register the key again.`, {
      says: message('idp.keyAnswerNotRegistration', { idp: idpLabel }),
    });
  }
  if (data.origin !== expected.origin) {
    throw new IdpError('permanent', `The security key was registered for ${String(data.origin)}, but ${idpLabel} accepts only ${expected.origin}. Register the key again.`, {
      says: message('idp.keyWrongOrigin', { idp: idpLabel, origin: String(data.origin), expected: expected.origin }),
    });
  }
  if (data.challenge !== expected.challenge) {
    throw new IdpError('permanent', `The security key answered a different registration request than the one ${idpLabel} issued. Register the key again.`, {
      says: message('idp.keyWrongChallenge', { idp: idpLabel }),
    });
  }
}
