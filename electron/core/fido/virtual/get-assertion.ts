import { CtapStatus, Permission } from '../ctap2/ctap2-constants';
import type { AuthenticatorCore, CommandContext } from './authenticator-options';
import type { StoredCredential } from './authenticator-state';
import { buildAuthData, rpIdHashOf } from './auth-data';
import { CtapStatusError } from './ctap-status-error';
import { signEs256, unwrapCredentialId } from './credential-keys';
import { answerTouchProbe } from './make-credential';
import {
  bytesEqual,
  credentialIds,
  optionalArray,
  optionalBool,
  optionalBytes,
  optionalInt,
  optionalMap,
  requireBytes,
  requireText,
  type CborMap,
} from './request-fields';

/** getNextAssertion must come within 30 s of the previous assertion (section 6.3). */
const NEXT_ASSERTION_WINDOW_MS = 30_000;

interface Candidate {
  credentialId: Uint8Array;
  privateKey: Uint8Array;
  resident: StoredCredential | undefined;
}

interface PendingAssertions {
  rest: Candidate[];
  rpIdHash: Uint8Array;
  clientDataHash: Uint8Array;
  up: boolean;
  uv: boolean;
  expiresAt: number;
}

/**
 * authenticatorGetAssertion and authenticatorGetNextAssertion (CTAP 2.1 sections 6.2, 6.3),
 * with credProtect: level 2 credentials need UV or an allow list, level 3 always need UV.
 */
export class Assertions {
  private pending: PendingAssertions | null = null;

  /** Any other command ends a getNextAssertion sequence. */
  forget(): void {
    this.pending = null;
  }

  async getAssertion(params: CborMap, core: AuthenticatorCore, context: CommandContext): Promise<Map<number, unknown>> {
    this.pending = null;
    const pinUvAuthParam = optionalBytes(params, 6, 'pinUvAuthParam');
    const pinUvAuthProtocol = optionalInt(params, 7, 'pinUvAuthProtocol');
    if (pinUvAuthParam !== undefined && pinUvAuthParam.length === 0) return answerTouchProbe(core, context);

    const rpId = requireText(params, 1, 'rpId');
    const clientDataHash = requireBytes(params, 2, 'clientDataHash');
    const allowList = optionalArray(params, 3, 'allowList');
    const allowIds = credentialIds(allowList, 'allowList');
    const options = optionalMap(params, 5, 'options') ?? new Map();
    if (options.has('rk')) throw new CtapStatusError(CtapStatus.CTAP2_ERR_UNSUPPORTED_OPTION, 'rk in getAssertion');
    const up = optionalBool(options, 'up', 'options.up') ?? true;
    if (optionalBool(options, 'uv', 'options.uv') === true && pinUvAuthParam === undefined) {
      throw new CtapStatusError(CtapStatus.CTAP2_ERR_INVALID_OPTION, 'no built-in user verification');
    }

    let uv = false;
    if (pinUvAuthParam !== undefined) {
      core.clientPin.verifyToken(pinUvAuthProtocol, pinUvAuthParam, clientDataHash, Permission.ga, rpId);
      uv = true;
    }

    const rpIdHash = rpIdHashOf(rpId);
    const candidates = allowList !== undefined && allowList.length > 0 ? this.fromAllowList(core, rpIdHash, allowIds, uv) : this.discoverable(core, rpIdHash, uv);
    if (up) await core.userPresence(context);
    const [first, ...rest] = candidates;
    if (!first) throw new CtapStatusError(CtapStatus.CTAP2_ERR_NO_CREDENTIALS);

    const discovered = allowIds.length === 0;
    const response = this.assert(core, first, rpIdHash, clientDataHash, up, uv);
    if (discovered && candidates.length > 1) {
      response.set(5, candidates.length);
      this.pending = { rest, rpIdHash, clientDataHash, up, uv, expiresAt: Date.now() + NEXT_ASSERTION_WINDOW_MS };
    }
    return response;
  }

  getNextAssertion(core: AuthenticatorCore): Map<number, unknown> {
    const pending = this.pending;
    const next = pending?.rest.shift();
    if (!pending || !next || Date.now() > pending.expiresAt) {
      this.pending = null;
      throw new CtapStatusError(CtapStatus.CTAP2_ERR_NOT_ALLOWED, 'no assertions pending');
    }
    pending.expiresAt = Date.now() + NEXT_ASSERTION_WINDOW_MS;
    return this.assert(core, next, pending.rpIdHash, pending.clientDataHash, pending.up, pending.uv);
  }

  private fromAllowList(core: AuthenticatorCore, rpIdHash: Uint8Array, ids: Uint8Array[], uv: boolean): Candidate[] {
    const found: Candidate[] = [];
    for (const id of ids) {
      const key = unwrapCredentialId(core.state.masterKey, rpIdHash, id);
      if (!key || (key.credProtect === 3 && !uv)) continue;
      const resident = core.state.credentials.find((c) => bytesEqual(c.credentialId, id));
      found.push({ credentialId: id, privateKey: key.privateKey, resident });
    }
    return found;
  }

  private discoverable(core: AuthenticatorCore, rpIdHash: Uint8Array, uv: boolean): Candidate[] {
    return core.state.credentials
      .filter((c) => bytesEqual(c.rpIdHash, rpIdHash) && (uv || c.credProtect === 1))
      .sort((a, b) => b.createdSeq - a.createdSeq)
      .map((c) => ({ credentialId: c.credentialId, privateKey: c.privateKey, resident: c }));
  }

  private assert(
    core: AuthenticatorCore,
    candidate: Candidate,
    rpIdHash: Uint8Array,
    clientDataHash: Uint8Array,
    up: boolean,
    uv: boolean,
  ): Map<number, unknown> {
    const authData = buildAuthData(rpIdHash, { up, uv }, core.nextSignCount());
    const signature = signEs256(candidate.privateKey, new Uint8Array([...authData, ...clientDataHash]));
    const response = new Map<number, unknown>([
      [1, new Map<string, unknown>([['id', candidate.credentialId], ['type', 'public-key']])],
      [2, authData],
      [3, signature],
    ]);
    const resident = candidate.resident;
    if (resident) {
      // Names identify a person: only after user verification (section 6.2.2 step 12).
      const user = new Map<string, unknown>([['id', resident.userId]]);
      if (uv && resident.userName !== null) user.set('name', resident.userName);
      if (uv && resident.userDisplayName !== null) user.set('displayName', resident.userDisplayName);
      response.set(4, user);
    }
    return response;
  }
}
