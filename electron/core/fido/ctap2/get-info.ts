import { z } from 'zod';
import type { CtapHidDevice } from '../ctaphid/ctaphid-device';
import { Ctap2Command } from './ctap2-constants';
import { bytes, parseResponseMap, textKeyMap, uint } from './ctap2-parse';
import { ctap2Call } from './ctap2-transport';

/**
 * Bounds on the numbers a key reports, so a broken or hostile key cannot make the kiosk plan
 * with 2^40 of anything: CTAP 2.1 section 6.4 fixes minPINLength at 4..63 (a PIN is at most 63
 * bytes); WebAuthn section 6.1 bounds credential IDs to 16..1023 bytes. The list and
 * discoverable-credential counts have no spec maximum; real keys report tens to a few hundred.
 */
const minPinLength = uint.min(4).max(63);
const maxCredentialCountInList = uint.min(1).max(1_000);
const maxCredentialIdLength = uint.min(16).max(1_023);
const remainingDiscoverableCredentials = uint.max(10_000);

const algorithmSchema = z
  .map(z.string(), z.unknown())
  .transform((map) => ({ type: map.get('type'), alg: map.get('alg') }))
  .pipe(z.object({ type: z.string(), alg: z.number().int() }));

/** authenticatorGetInfo response (CTAP 2.1 section 6.4), keys by number. */
const getInfoSchema = z
  .object({
    '1': z.array(z.string()).min(1),
    '2': z.array(z.string()).optional(),
    '3': bytes.refine((b) => b.length === 16, 'aaguid must be 16 bytes'),
    '4': textKeyMap(z.boolean()).optional(),
    '5': uint.optional(),
    '6': z.array(uint).optional(),
    '7': maxCredentialCountInList.optional(),
    '8': maxCredentialIdLength.optional(),
    '9': z.array(z.string()).optional(),
    '10': z.array(algorithmSchema).optional(),
    '11': uint.optional(),
    '12': z.boolean().optional(),
    '13': minPinLength.optional(),
    '14': uint.optional(),
    '15': uint.optional(),
    '16': uint.optional(),
    '17': uint.optional(),
    '18': uint.optional(),
    '20': remainingDiscoverableCredentials.optional(),
  })
  .transform((m) => ({
    versions: m['1'],
    extensions: m['2'] ?? [],
    aaguid: m['3'],
    options: m['4'] ?? {},
    maxMsgSize: m['5'] ?? 1024,
    pinUvAuthProtocols: m['6'] ?? [],
    maxCredentialCountInList: m['7'] ?? null,
    maxCredentialIdLength: m['8'] ?? null,
    transports: m['9'] ?? [],
    algorithms: m['10'] ?? null,
    maxSerializedLargeBlobArray: m['11'] ?? null,
    forcePINChange: m['12'] ?? false,
    minPINLength: m['13'] ?? 4,
    firmwareVersion: m['14'] ?? null,
    maxCredBlobLength: m['15'] ?? null,
    maxRPIDsForSetMinPINLength: m['16'] ?? null,
    preferredPlatformUvAttempts: m['17'] ?? null,
    uvModality: m['18'] ?? null,
    remainingDiscoverableCredentials: m['20'] ?? null,
  }));

export type AuthenticatorInfo = z.output<typeof getInfoSchema>;

export function parseGetInfo(map: Map<unknown, unknown>): AuthenticatorInfo {
  return parseResponseMap(getInfoSchema, map, 'getInfo');
}

export async function getInfo(device: CtapHidDevice): Promise<AuthenticatorInfo> {
  return parseGetInfo(await ctap2Call(device, Ctap2Command.getInfo, 'getInfo'));
}

/** clientPin option: true = PIN set, false = supported but not set, absent = no PIN support. */
export function pinState(info: AuthenticatorInfo): 'set' | 'notSet' | 'unsupported' {
  const clientPin = info.options['clientPin'];
  return clientPin === true ? 'set' : clientPin === false ? 'notSet' : 'unsupported';
}

export function aaguidToString(aaguid: Uint8Array): string {
  const hex = Buffer.from(aaguid).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The PIN/UV auth protocol to use: 2 when offered (CTAP 2.1 prefers it), else 1. */
export function preferredPinProtocol(info: AuthenticatorInfo): 1 | 2 {
  if (info.pinUvAuthProtocols.includes(2)) return 2;
  return 1;
}
