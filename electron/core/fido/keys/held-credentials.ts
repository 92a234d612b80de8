import { randomBytes } from 'node:crypto';
import { CtapStatus } from '../ctap2/ctap2-constants';
import { CtapError } from '../ctap2/ctap2-error';
import { getAssertion } from '../ctap2/get-assertion';
import type { AuthenticatorInfo } from '../ctap2/get-info';
import type { CredentialDescriptor } from '../ctap2/make-credential';
import type { CtapHidDevice } from '../ctaphid/ctaphid-device';

/**
 * The first slice of these credential IDs (as many as the key takes in one allowList) that
 * holds one the key knows for rpId, found with silent getAssertions (up=false: no PIN, no
 * touch), the way CTAP 2.1 platforms pre-check a list. Null when the key holds none.
 */
export async function findHeldBatch(device: CtapHidDevice, info: AuthenticatorInfo, rpId: string, ids: Uint8Array[]): Promise<CredentialDescriptor[] | null> {
  const batchSize = Math.max(1, info.maxCredentialCountInList ?? 1);
  const fitting = info.maxCredentialIdLength === null ? ids : ids.filter((id) => id.length <= (info.maxCredentialIdLength ?? 0));
  for (let start = 0; start < fitting.length; start += batchSize) {
    const allowList = fitting.slice(start, start + batchSize).map((id) => ({ type: 'public-key' as const, id }));
    try {
      await getAssertion(device, { rpId, clientDataHash: new Uint8Array(randomBytes(32)), allowList, up: false });
      return allowList;
    } catch (error) {
      if (!(error instanceof CtapError && error.status === CtapStatus.CTAP2_ERR_NO_CREDENTIALS)) throw error;
    }
  }
  return null;
}
