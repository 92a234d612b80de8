import { CtapStatus } from '../ctap2/ctap2-constants';
import { CtapError } from '../ctap2/ctap2-error';
import { getInfo, type AuthenticatorInfo } from '../ctap2/get-info';
import { CtapHidError as HidErrorCode } from '../ctaphid/ctaphid-constants';
import type { CtapHidDevice } from '../ctaphid/ctaphid-device';
import { CtapHidError } from '../ctaphid/ctaphid-error';
import { unsupported } from './key-errors';

const FIDO2_VERSIONS = ['FIDO_2_0', 'FIDO_2_1_PRE', 'FIDO_2_1'];

/**
 * getInfo from a key that must speak FIDO2. A U2F-only key shows itself three ways: no CBOR
 * capability in its INIT answer, an "invalid command" answer to getInfo (CTAPHID ERROR or the
 * CTAP1 status byte), or a versions list without a FIDO_2_x entry.
 */
export async function readFido2Info(device: CtapHidDevice): Promise<AuthenticatorInfo> {
  if (!device.info.capabilities.cbor) throw unsupported({ reason: 'no CBOR capability' });
  let info: AuthenticatorInfo;
  try {
    info = await getInfo(device);
  } catch (error) {
    if (error instanceof CtapHidError && error.code === HidErrorCode.INVALID_CMD) throw unsupported({ ctaphid: error.name });
    if (error instanceof CtapError && error.status === CtapStatus.CTAP1_ERR_INVALID_COMMAND) throw unsupported({ ctap: error.name });
    throw error;
  }
  if (!info.versions.some((v) => FIDO2_VERSIONS.includes(v))) throw unsupported({ versions: info.versions });
  return info;
}
