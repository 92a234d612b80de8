import { CtapStatus, Permission } from '../ctap2/ctap2-constants';
import type { AuthenticatorCore, CommandContext } from './authenticator-options';
import { buildAuthData, rpIdHashOf } from './auth-data';
import { CtapStatusError } from './ctap-status-error';
import { generateEs256KeyPair, signEs256, unwrapCredentialId, wrapCredentialId } from './credential-keys';
import {
  asMap,
  bytesEqual,
  credentialIds,
  optionalArray,
  optionalBool,
  optionalBytes,
  optionalInt,
  optionalMap,
  optionalText,
  requireBytes,
  requireInt,
  requireMap,
  requireText,
  type CborMap,
} from './request-fields';

const ES256 = -7;
const MAX_USER_ID_LENGTH = 64;

/**
 * A zero-length pinUvAuthParam is the platform asking "touch to pick this key" (CTAP 2.1
 * section 6.1.2 step 1): wait for the touch, then say whether a PIN exists.
 */
export async function answerTouchProbe(core: AuthenticatorCore, context: CommandContext): Promise<never> {
  await core.userPresence(context);
  throw new CtapStatusError(core.state.pinHash ? CtapStatus.CTAP2_ERR_PIN_INVALID : CtapStatus.CTAP2_ERR_PIN_NOT_SET);
}

function chooseEs256(params: CborMap): void {
  const list = optionalArray(params, 4, 'pubKeyCredParams');
  if (list === undefined) throw new CtapStatusError(CtapStatus.CTAP2_ERR_MISSING_PARAMETER, 'pubKeyCredParams');
  for (const entry of list) {
    const param = asMap(entry, 'pubKeyCredParams entry');
    const alg = requireInt(param, 'alg', 'pubKeyCredParams alg');
    const type = requireText(param, 'type', 'pubKeyCredParams type');
    if (type === 'public-key' && alg === ES256) return;
  }
  throw new CtapStatusError(CtapStatus.CTAP2_ERR_UNSUPPORTED_ALGORITHM);
}

function credProtectLevel(extensions: CborMap | undefined): 1 | 2 | 3 | undefined {
  const level = extensions ? optionalInt(extensions, 'credProtect', 'credProtect') : undefined;
  if (level === undefined) return undefined;
  if (level !== 1 && level !== 2 && level !== 3) throw new CtapStatusError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, 'credProtect level');
  return level;
}

/** authenticatorMakeCredential (CTAP 2.1 section 6.1.2) with ES256 and packed self attestation. */
export async function makeCredential(params: CborMap, core: AuthenticatorCore, context: CommandContext): Promise<Map<number, unknown>> {
  const pinUvAuthParam = optionalBytes(params, 8, 'pinUvAuthParam');
  const pinUvAuthProtocol = optionalInt(params, 9, 'pinUvAuthProtocol');
  if (pinUvAuthParam !== undefined && pinUvAuthParam.length === 0) return answerTouchProbe(core, context);

  const clientDataHash = requireBytes(params, 1, 'clientDataHash');
  const rp = requireMap(params, 2, 'rp');
  const rpId = requireText(rp, 'id', 'rp.id');
  const user = requireMap(params, 3, 'user');
  const userId = requireBytes(user, 'id', 'user.id');
  if (userId.length > MAX_USER_ID_LENGTH) throw new CtapStatusError(CtapStatus.CTAP1_ERR_INVALID_LENGTH, 'user.id over 64 bytes');
  chooseEs256(params);
  const excludeIds = credentialIds(optionalArray(params, 5, 'excludeList'), 'excludeList');
  const credProtect = credProtectLevel(optionalMap(params, 6, 'extensions'));
  const options = optionalMap(params, 7, 'options') ?? new Map();
  const rk = optionalBool(options, 'rk', 'options.rk') ?? false;
  if (optionalBool(options, 'up', 'options.up') === false) throw new CtapStatusError(CtapStatus.CTAP2_ERR_INVALID_OPTION, 'up=false');
  if (optionalBool(options, 'uv', 'options.uv') === true && pinUvAuthParam === undefined) {
    throw new CtapStatusError(CtapStatus.CTAP2_ERR_INVALID_OPTION, 'no built-in user verification');
  }
  if (params.has(0x0a)) throw new CtapStatusError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, 'no enterprise attestation');

  let uv = false;
  if (pinUvAuthParam !== undefined) {
    core.clientPin.verifyToken(pinUvAuthProtocol, pinUvAuthParam, clientDataHash, Permission.mc, rpId);
    uv = true;
  } else if (core.state.pinHash !== null) {
    // makeCredUvNotRqd is false: once a PIN exists, every registration needs it.
    throw new CtapStatusError(CtapStatus.CTAP2_ERR_PUAT_REQUIRED);
  }

  const state = core.state;
  const rpIdHash = rpIdHashOf(rpId);
  for (const id of excludeIds) {
    const known = unwrapCredentialId(state.masterKey, rpIdHash, id);
    if (known && !(known.credProtect === 3 && !uv)) {
      // Touch first, so a page cannot silently probe which keys are registered.
      await core.userPresence(context);
      throw new CtapStatusError(CtapStatus.CTAP2_ERR_CREDENTIAL_EXCLUDED);
    }
  }
  const replaces = (c: { rpIdHash: Uint8Array; userId: Uint8Array }): boolean => bytesEqual(c.rpIdHash, rpIdHash) && bytesEqual(c.userId, userId);
  if (rk && !state.credentials.some(replaces) && state.credentials.length >= core.options.maxDiscoverableCredentials) {
    throw new CtapStatusError(CtapStatus.CTAP2_ERR_KEY_STORE_FULL);
  }

  await core.userPresence(context);

  const level = credProtect ?? 1;
  const key = generateEs256KeyPair();
  const credentialId = wrapCredentialId(state.masterKey, rpIdHash, { privateKey: key.privateKey, credProtect: level });
  if (rk) {
    state.credentials = state.credentials.filter((c) => !replaces(c));
    state.credentialSeq += 1;
    state.credentials.push({
      credentialId,
      rpId,
      rpName: optionalText(rp, 'name', 'rp.name') ?? null,
      rpIdHash,
      userId,
      userName: optionalText(user, 'name', 'user.name') ?? null,
      userDisplayName: optionalText(user, 'displayName', 'user.displayName') ?? null,
      privateKey: key.privateKey,
      publicKeyX: key.x,
      publicKeyY: key.y,
      credProtect: level,
      createdSeq: state.credentialSeq,
    });
  }
  const extensions = credProtect === undefined ? undefined : new Map<string, unknown>([['credProtect', credProtect]]);
  const authData = buildAuthData(rpIdHash, { up: true, uv }, core.nextSignCount(), { credentialId, x: key.x, y: key.y }, extensions);
  const signature = signEs256(key.privateKey, new Uint8Array([...authData, ...clientDataHash]));
  return new Map<number, unknown>([
    [1, 'packed'],
    [2, authData],
    [3, new Map<string, unknown>([['alg', ES256], ['sig', signature]])],
  ]);
}

