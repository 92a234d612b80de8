import { randomBytes } from 'node:crypto';
import { KioskError } from '../../../../shared/contract/errors';
import { message } from '../../../../shared/contract/messages';
import { CtapStatus } from '../ctap2/ctap2-constants';
import { CtapError } from '../ctap2/ctap2-error';
import { getAssertion } from '../ctap2/get-assertion';
import type { AuthenticatorInfo } from '../ctap2/get-info';
import type { CredentialDescriptor } from '../ctap2/make-credential';
import type { CtapHidDevice } from '../ctaphid/ctaphid-device';

/**
 * Keys accept at most maxCredentialCountInList IDs per list. A longer excludeList is checked
 * here in batches with silent (up=false) getAssertions, as CTAP 2.1 section 6.1 advises
 * platforms; what remains fits into the makeCredential request. IDs longer than the key's
 * maxCredentialIdLength cannot be this key's and are dropped.
 */
export async function preflightExcludeList(
  device: CtapHidDevice,
  info: AuthenticatorInfo,
  rpId: string,
  excludeList: CredentialDescriptor[],
): Promise<CredentialDescriptor[]> {
  const maxIdLength = info.maxCredentialIdLength;
  const candidates = maxIdLength === null ? excludeList : excludeList.filter((c) => c.id.length <= maxIdLength);
  const batchSize = info.maxCredentialCountInList ?? candidates.length;
  if (candidates.length <= batchSize || batchSize < 1) return candidates;
  for (let start = 0; start < candidates.length; start += batchSize) {
    const batch = candidates.slice(start, start + batchSize);
    try {
      await getAssertion(device, { rpId, clientDataHash: new Uint8Array(randomBytes(32)), allowList: batch, up: false });
    } catch (error) {
      if (error instanceof CtapError && error.status === CtapStatus.CTAP2_ERR_NO_CREDENTIALS) continue;
      throw error;
    }
    throw new KioskError('key_already_registered', message('key.alreadyRegistered'), { reason: 'excluded' });
  }
  return [];
}
