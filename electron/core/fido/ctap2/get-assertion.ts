import { z } from 'zod';
import type { CtapHidDevice, TransactOptions } from '../ctaphid/ctaphid-device';
import { parseAuthenticatorData, type AuthenticatorData } from './authenticator-data';
import { pinUvAuthParam, type PinUvAuthToken } from './client-pin';
import { Ctap2Command } from './ctap2-constants';
import { bytes, parseResponseMap, uint } from './ctap2-parse';
import { ctap2Call } from './ctap2-transport';
import type { CredentialDescriptor } from './make-credential';

export interface GetAssertionRequest {
  rpId: string;
  clientDataHash: Uint8Array;
  allowList?: CredentialDescriptor[];
  /** Defaults to true; false only for silent probing. */
  up?: boolean;
  token?: PinUvAuthToken;
}

const credentialSchema = z
  .map(z.string(), z.unknown())
  .transform((m) => Object.fromEntries(m))
  .pipe(z.object({ id: bytes, type: z.string() }));

const userSchema = z
  .map(z.string(), z.unknown())
  .transform((m) => Object.fromEntries(m))
  .pipe(z.object({ id: bytes, name: z.string().optional(), displayName: z.string().optional() }));

const responseSchema = z.object({
  '1': credentialSchema.optional(),
  '2': bytes,
  '3': bytes,
  '4': userSchema.optional(),
  '5': uint.optional(),
  '6': z.boolean().optional(),
  '7': bytes.optional(),
});

export interface Assertion {
  credentialId: Uint8Array | null;
  authData: Uint8Array;
  parsedAuthData: AuthenticatorData;
  signature: Uint8Array;
  user: { id: Uint8Array; name?: string; displayName?: string } | null;
  numberOfCredentials: number | null;
}

export function getAssertionParams(request: GetAssertionRequest): Record<number, unknown> {
  const options: Record<string, boolean> = {};
  if (request.up === false) options['up'] = false;
  return {
    1: request.rpId,
    2: request.clientDataHash,
    3: request.allowList?.length ? request.allowList.map((d) => ({ id: d.id, type: d.type })) : undefined,
    5: Object.keys(options).length ? options : undefined,
    6: request.token ? pinUvAuthParam(request.token, request.clientDataHash) : undefined,
    7: request.token?.protocol.version,
  };
}

export function parseAssertion(map: Map<unknown, unknown>, what = 'getAssertion'): Assertion {
  const parsed = parseResponseMap(responseSchema, map, what);
  return {
    credentialId: parsed['1']?.id ?? null,
    authData: parsed['2'],
    parsedAuthData: parseAuthenticatorData(parsed['2'], what),
    signature: parsed['3'],
    user: parsed['4'] ?? null,
    numberOfCredentials: parsed['5'] ?? null,
  };
}

export async function getAssertion(device: CtapHidDevice, request: GetAssertionRequest, options?: TransactOptions): Promise<Assertion> {
  return parseAssertion(await ctap2Call(device, Ctap2Command.getAssertion, 'getAssertion', getAssertionParams(request), options));
}

export async function getNextAssertion(device: CtapHidDevice): Promise<Assertion> {
  return parseAssertion(await ctap2Call(device, Ctap2Command.getNextAssertion, 'getNextAssertion'), 'getNextAssertion');
}
