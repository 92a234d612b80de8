import { z } from 'zod';
import type { CtapHidDevice, TransactOptions } from '../ctaphid/ctaphid-device';
import { parseAuthenticatorData, type AuthenticatorData } from './authenticator-data';
import { pinUvAuthParam, type PinUvAuthToken } from './client-pin';
import { Ctap2Command } from './ctap2-constants';
import { malformed } from './ctap2-error';
import { bytes, parseResponseMap } from './ctap2-parse';
import { ctap2Call } from './ctap2-transport';
import { MAX_ENTITY_NAME_BYTES, truncateUtf8 } from './entity-names';

export interface CredentialDescriptor {
  type: 'public-key';
  id: Uint8Array;
}

export interface MakeCredentialRequest {
  clientDataHash: Uint8Array;
  rp: { id: string; name?: string };
  user: { id: Uint8Array; name?: string; displayName?: string };
  /** COSE algorithms in the RP's order of preference. */
  algorithms: number[];
  excludeList?: CredentialDescriptor[];
  /** Discoverable (resident) credential. */
  rk?: boolean;
  /** credProtect level 1..3 (CTAP 2.1 section 12.1). */
  credProtect?: 1 | 2 | 3;
  /** Ask for enterprise attestation (1 vendor-facilitated, 2 platform-managed) where offered. */
  enterpriseAttestation?: 1 | 2;
  token?: PinUvAuthToken;
}

const responseSchema = z.object({
  '1': z.string().min(1),
  '2': bytes,
  '3': z.map(z.string(), z.unknown()),
  '4': z.boolean().optional(),
  '5': bytes.optional(),
});

export interface MakeCredentialResponse {
  fmt: string;
  authData: Uint8Array;
  attStmt: Map<string, unknown>;
  epAtt: boolean;
  parsedAuthData: AuthenticatorData;
}

const entityName = (name: string) => truncateUtf8(name, MAX_ENTITY_NAME_BYTES);

/** Builds the integer-keyed request; undefined members are left out, names cut to 64 bytes. */
export function makeCredentialParams(request: MakeCredentialRequest): Record<number, unknown> {
  const user: Record<string, unknown> = { id: request.user.id };
  if (request.user.name !== undefined) user['name'] = entityName(request.user.name);
  if (request.user.displayName !== undefined) user['displayName'] = entityName(request.user.displayName);
  const rp: Record<string, unknown> = { id: request.rp.id };
  if (request.rp.name !== undefined) rp['name'] = entityName(request.rp.name);
  const extensions = request.credProtect === undefined ? undefined : { credProtect: request.credProtect };
  const options = request.rk ? { rk: true } : undefined;
  return {
    1: request.clientDataHash,
    2: rp,
    3: user,
    4: request.algorithms.map((alg) => ({ alg, type: 'public-key' })),
    5: request.excludeList?.length ? request.excludeList.map((d) => ({ id: d.id, type: d.type })) : undefined,
    6: extensions,
    7: options,
    8: request.token ? pinUvAuthParam(request.token, request.clientDataHash) : undefined,
    9: request.token?.protocol.version,
    10: request.enterpriseAttestation,
  };
}

export function parseMakeCredentialResponse(map: Map<unknown, unknown>): MakeCredentialResponse {
  const parsed = parseResponseMap(responseSchema, map, 'makeCredential');
  const parsedAuthData = parseAuthenticatorData(parsed['2'], 'makeCredential');
  if (parsedAuthData.attestedCredentialData === null) throw malformed('makeCredential', 'authenticatorData carries no credential.');
  return { fmt: parsed['1'], authData: parsed['2'], attStmt: parsed['3'], epAtt: parsed['4'] ?? false, parsedAuthData };
}

export async function makeCredential(device: CtapHidDevice, request: MakeCredentialRequest, options?: TransactOptions): Promise<MakeCredentialResponse> {
  const map = await ctap2Call(device, Ctap2Command.makeCredential, 'makeCredential', makeCredentialParams(request), options);
  return parseMakeCredentialResponse(map);
}
