import { z } from 'zod';
import type { CtapHidDevice, TransactOptions } from '../ctaphid/ctaphid-device';
import type { PinUvAuthToken } from './client-pin';
import { Ctap2Command, CredentialManagementSubcommand } from './ctap2-constants';
import { parseResponseMap, uint } from './ctap2-parse';
import { ctap2Call } from './ctap2-transport';

/** Pre-2.1 keys only know the prototype command number (CTAP 2.1 section 6.8, note). */
export const CREDENTIAL_MANAGEMENT_PREVIEW = 0x41;

const metadataSchema = z.object({ '1': uint, '2': uint });

export interface CredsMetadata {
  existingResidentCredentialsCount: number;
  maxPossibleRemainingResidentCredentialsCount: number;
}

/** credentialManagement getCredsMetadata; the token needs the `cm` permission. */
export async function getCredsMetadata(device: CtapHidDevice, token: PinUvAuthToken, preview = false): Promise<CredsMetadata> {
  const subCommand = CredentialManagementSubcommand.getCredsMetadata;
  const map = await ctap2Call(device, preview ? CREDENTIAL_MANAGEMENT_PREVIEW : Ctap2Command.credentialManagement, 'credentialManagement', {
    1: subCommand,
    3: token.protocol.version,
    4: token.protocol.authenticate(token.token, Uint8Array.of(subCommand)),
  });
  const parsed = parseResponseMap(metadataSchema, map, 'getCredsMetadata');
  return { existingResidentCredentialsCount: parsed['1'], maxPossibleRemainingResidentCredentialsCount: parsed['2'] };
}

/** authenticatorReset: deletes every credential and the PIN; keys demand a touch soon after plug-in. */
export async function reset(device: CtapHidDevice, options?: TransactOptions): Promise<void> {
  await ctap2Call(device, Ctap2Command.reset, 'reset', undefined, options);
}

/** authenticatorSelection: the key blinks and waits for a touch, to pick one key among several. */
export async function selection(device: CtapHidDevice, options?: TransactOptions): Promise<void> {
  await ctap2Call(device, Ctap2Command.selection, 'selection', undefined, options);
}
