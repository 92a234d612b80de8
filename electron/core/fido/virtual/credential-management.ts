import { encodeCbor } from '../cbor/cbor';
import { CredentialManagementSubcommand as Sub, CtapStatus, Permission } from '../ctap2/ctap2-constants';
import type { AuthenticatorCore } from './authenticator-options';
import type { StoredCredential } from './authenticator-state';
import { CtapStatusError } from './ctap-status-error';
import { coseEs256PublicKey } from './credential-keys';
import { asMap, bytesEqual, optionalBytes, optionalInt, optionalMap, optionalText, requireBytes, requireInt, requireMap, type CborMap } from './request-fields';

const AUTHENTICATED = new Set<number>([
  Sub.getCredsMetadata,
  Sub.enumerateRPsBegin,
  Sub.enumerateCredentialsBegin,
  Sub.deleteCredential,
  Sub.updateUserInformation,
]);

function rpEntity(c: StoredCredential): Map<string, string> {
  const rp = new Map<string, string>([['id', c.rpId]]);
  if (c.rpName !== null) rp.set('name', c.rpName);
  return rp;
}

function userEntity(c: StoredCredential): Map<string, unknown> {
  const user = new Map<string, unknown>([['id', c.userId]]);
  if (c.userName !== null) user.set('name', c.userName);
  if (c.userDisplayName !== null) user.set('displayName', c.userDisplayName);
  return user;
}

function credentialDescriptor(id: Uint8Array): Map<string, unknown> {
  return new Map<string, unknown>([['id', id], ['type', 'public-key']]);
}

/**
 * authenticatorCredentialManagement (CTAP 2.1 section 6.8): metadata, RP and credential
 * enumeration, delete and user update, each authenticated with a token holding `cm`.
 */
export class CredentialManagement {
  private rpQueue: StoredCredential[] = [];
  private credentialQueue: StoredCredential[] = [];

  forget(): void {
    this.rpQueue = [];
    this.credentialQueue = [];
  }

  handle(params: CborMap, core: AuthenticatorCore): Map<number, unknown> {
    const subCommand = requireInt(params, 1, 'subCommand');
    const subParams = optionalMap(params, 2, 'subCommandParams');
    if (AUTHENTICATED.has(subCommand)) {
      const param = optionalBytes(params, 4, 'pinUvAuthParam');
      if (param === undefined) throw new CtapStatusError(CtapStatus.CTAP2_ERR_PUAT_REQUIRED);
      // The platform MACs subCommand || canonical CBOR of subCommandParams; we re-encode canonically.
      const message = new Uint8Array([subCommand, ...(subParams ? encodeCbor(subParams) : [])]);
      core.clientPin.verifyToken(optionalInt(params, 3, 'pinUvAuthProtocol'), param, message, Permission.cm, null);
    }
    const credentials = core.state.credentials;
    switch (subCommand) {
      case Sub.getCredsMetadata:
        return new Map([
          [1, credentials.length],
          [2, Math.max(0, core.options.maxDiscoverableCredentials - credentials.length)],
        ]);
      case Sub.enumerateRPsBegin: {
        const byRp = new Map<string, StoredCredential>();
        for (const c of credentials) if (!byRp.has(c.rpId)) byRp.set(c.rpId, c);
        this.rpQueue = [...byRp.values()];
        const first = this.rpQueue.shift();
        if (!first) throw new CtapStatusError(CtapStatus.CTAP2_ERR_NO_CREDENTIALS);
        return new Map<number, unknown>([[3, rpEntity(first)], [4, first.rpIdHash], [5, byRp.size]]);
      }
      case Sub.enumerateRPsGetNextRP: {
        const next = this.rpQueue.shift();
        if (!next) throw new CtapStatusError(CtapStatus.CTAP2_ERR_NOT_ALLOWED);
        return new Map<number, unknown>([[3, rpEntity(next)], [4, next.rpIdHash]]);
      }
      case Sub.enumerateCredentialsBegin: {
        const rpIdHash = requireBytes(asMap(subParams ?? new Map(), 'subCommandParams'), 1, 'rpIdHash');
        this.credentialQueue = credentials.filter((c) => bytesEqual(c.rpIdHash, rpIdHash));
        const total = this.credentialQueue.length;
        const first = this.credentialQueue.shift();
        if (!first) throw new CtapStatusError(CtapStatus.CTAP2_ERR_NO_CREDENTIALS);
        return this.describe(first).set(9, total);
      }
      case Sub.enumerateCredentialsGetNextCredential: {
        const next = this.credentialQueue.shift();
        if (!next) throw new CtapStatusError(CtapStatus.CTAP2_ERR_NOT_ALLOWED);
        return this.describe(next);
      }
      case Sub.deleteCredential: {
        const id = this.credentialIdParam(subParams);
        const index = credentials.findIndex((c) => bytesEqual(c.credentialId, id));
        if (index === -1) throw new CtapStatusError(CtapStatus.CTAP2_ERR_NO_CREDENTIALS);
        credentials.splice(index, 1);
        return new Map();
      }
      case Sub.updateUserInformation: {
        const id = this.credentialIdParam(subParams);
        const user = requireMap(subParams ?? new Map(), 3, 'user');
        const target = credentials.find((c) => bytesEqual(c.credentialId, id));
        if (!target) throw new CtapStatusError(CtapStatus.CTAP2_ERR_NO_CREDENTIALS);
        if (!bytesEqual(requireBytes(user, 'id', 'user.id'), target.userId)) throw new CtapStatusError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, 'user id differs');
        target.userName = optionalText(user, 'name', 'user.name') ?? null;
        target.userDisplayName = optionalText(user, 'displayName', 'user.displayName') ?? null;
        return new Map();
      }
      default:
        throw new CtapStatusError(CtapStatus.CTAP2_ERR_INVALID_SUBCOMMAND);
    }
  }

  private credentialIdParam(subParams: CborMap | undefined): Uint8Array {
    const descriptor = requireMap(subParams ?? new Map(), 2, 'credentialId');
    return requireBytes(descriptor, 'id', 'credentialId.id');
  }

  private describe(c: StoredCredential): Map<number, unknown> {
    return new Map<number, unknown>([
      [6, userEntity(c)],
      [7, credentialDescriptor(c.credentialId)],
      [8, coseEs256PublicKey(c.publicKeyX, c.publicKeyY)],
      [10, c.credProtect],
    ]);
  }
}
