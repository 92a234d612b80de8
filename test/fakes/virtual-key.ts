import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { KeyRegistrationStart } from '../../electron/core/idp/idp-connector';

export async function registerWithVirtualKey(_start: KeyRegistrationStart): Promise<RegistrationResponseJSON> {
  throw new Error('KeyService has not landed yet');
}
