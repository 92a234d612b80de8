import { KioskError } from '../../../../shared/contract/errors';
import { message } from '../../../../shared/contract/messages';
import { ClientPin, type PinUvAuthToken } from '../ctap2/client-pin';
import { CtapStatus } from '../ctap2/ctap2-constants';
import { CtapError } from '../ctap2/ctap2-error';
import { pinState, preferredPinProtocol, type AuthenticatorInfo } from '../ctap2/get-info';
import type { CtapHidDevice } from '../ctaphid/ctaphid-device';
import { toKioskError } from './key-errors';

export function clientPinFor(device: CtapHidDevice, info: AuthenticatorInfo): ClientPin {
  if (pinState(info) === 'unsupported') {
    throw new KioskError('key_protocol', message('key.noPinSupport'));
  }
  return new ClientPin(device, preferredPinProtocol(info));
}

/**
 * A pinUvAuthToken for one purpose: CTAP 2.1 keys get a token limited to the permissions (and
 * RP ID); CTAP 2.0 keys only know the legacy getPinToken.
 */
export async function acquirePinToken(
  device: CtapHidDevice,
  info: AuthenticatorInfo,
  pin: string,
  permissions: number,
  rpId?: string,
): Promise<PinUvAuthToken> {
  if (pinState(info) === 'notSet') throw new KioskError('key_pin_required', message('key.pinNotSet'));
  const clientPin = clientPinFor(device, info);
  return withRetriesOnWrongPin(clientPin, () =>
    info.options['pinUvAuthToken'] === true
      ? clientPin.getPinUvAuthTokenUsingPinWithPermissions(pin, permissions, rpId)
      : clientPin.getPinToken(pin),
  );
}

/** On a wrong PIN, reads the retries left so the message can say how many tries remain. */
export async function withRetriesOnWrongPin<T>(clientPin: ClientPin, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CtapError && error.status === CtapStatus.CTAP2_ERR_PIN_INVALID) {
      const retries = await clientPin.getRetries().then(
        (r) => r.retries,
        () => undefined,
      );
      throw toKioskError(error, { pinSent: true, retries });
    }
    throw error;
  }
}
