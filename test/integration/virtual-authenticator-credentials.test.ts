import { createHash, createPublicKey, verify } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeCborFirst } from '../../electron/core/fido/cbor/cbor';
import { Ctap2Command, CtapStatus, Permission } from '../../electron/core/fido/ctap2/ctap2-constants';
import type { HidConnection } from '../../electron/core/fido/hid/hid-connection';
import { VIRTUAL_AUTHENTICATOR_AAGUID } from '../../electron/core/fido/virtual/virtual-aaguid';
import { VirtualAuthenticator, type VirtualAuthenticatorInit } from '../../electron/core/fido/virtual/virtual-authenticator';
import { cbor, init, PinHost } from './virtual-authenticator-raw-client';

const open: HidConnection[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

const RP = 'credentials.example';
const cdh = new Uint8Array(createHash('sha256').update('challenge').digest());

async function session(options: VirtualAuthenticatorInit = {}) {
  const key = new VirtualAuthenticator(options);
  const connection = key.connect();
  open.push(connection);
  const cid = await init(connection);
  return { key, connection, cid, host: new PinHost(connection, cid, 2) };
}

type Session = Awaited<ReturnType<typeof session>>;

interface Registered {
  credentialId: Uint8Array;
  publicKey: { x: Uint8Array; y: Uint8Array };
  authData: Uint8Array;
  attStmt: Map<string, unknown>;
}

function parseAttestedCredential(authData: Uint8Array): { aaguid: string; credentialId: Uint8Array; publicKey: { x: Uint8Array; y: Uint8Array } } {
  const idLength = Buffer.from(authData).readUInt16BE(53);
  const credentialId = authData.subarray(55, 55 + idLength);
  const [cose] = decodeCborFirst(authData.subarray(55 + idLength)) as [Map<number, Uint8Array>, Uint8Array];
  return {
    aaguid: Buffer.from(authData.subarray(37, 53)).toString('hex'),
    credentialId,
    publicKey: { x: cose.get(-2) as Uint8Array, y: cose.get(-3) as Uint8Array },
  };
}

function verifyEs256(publicKey: { x: Uint8Array; y: Uint8Array }, message: Uint8Array, signature: Uint8Array): boolean {
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: Buffer.from(publicKey.x).toString('base64url'), y: Buffer.from(publicKey.y).toString('base64url') },
    format: 'jwk',
  });
  return verify('sha256', Buffer.concat([message, cdh]), key, signature);
}

async function register(s: Session, userId: number[], options: { rk?: boolean; credProtect?: number; token?: Uint8Array; exclude?: Uint8Array[] } = {}) {
  const params = new Map<number, unknown>([
    [1, cdh],
    [2, new Map([['id', RP], ['name', 'Credentials RP']])],
    [3, new Map<string, unknown>([['id', new Uint8Array(userId)], ['name', `user${userId.join('')}`], ['displayName', 'User']])],
    [4, [new Map<string, unknown>([['alg', -257], ['type', 'public-key']]), new Map<string, unknown>([['alg', -7], ['type', 'public-key']])]],
    [7, new Map([['rk', options.rk ?? true]])],
  ]);
  if (options.credProtect !== undefined) params.set(6, new Map([['credProtect', options.credProtect]]));
  if (options.exclude) params.set(5, options.exclude.map((id) => new Map<string, unknown>([['id', id], ['type', 'public-key']])));
  if (options.token) {
    params.set(8, s.host.authenticate(options.token, cdh));
    params.set(9, 2);
  }
  const reply = await cbor(s.connection, s.cid, Ctap2Command.makeCredential, params);
  if (reply.status !== CtapStatus.CTAP2_OK) return { status: reply.status, registered: null };
  const authData = reply.body?.get(2) as Uint8Array;
  const attested = parseAttestedCredential(authData);
  const registered: Registered = { credentialId: attested.credentialId, publicKey: attested.publicKey, authData, attStmt: reply.body?.get(3) as Map<string, unknown> };
  return { status: reply.status, registered, fmt: reply.body?.get(1), aaguid: attested.aaguid };
}

async function assertion(s: Session, options: { allow?: Uint8Array[]; token?: Uint8Array } = {}) {
  const params = new Map<number, unknown>([[1, RP], [2, cdh]]);
  if (options.allow) params.set(3, options.allow.map((id) => new Map<string, unknown>([['id', id], ['type', 'public-key']])));
  if (options.token) {
    params.set(6, s.host.authenticate(options.token, cdh));
    params.set(7, 2);
  }
  return cbor(s.connection, s.cid, Ctap2Command.getAssertion, params);
}

describe('virtual authenticator credentials', () => {
  it('makes ES256 credentials with packed self attestation that verifies with the credential key and carries our AAGUID', async () => {
    const s = await session();
    const made = await register(s, [1]);
    expect(made.status).toBe(CtapStatus.CTAP2_OK);
    expect(made.fmt).toBe('packed');
    expect(made.aaguid).toBe(VIRTUAL_AUTHENTICATOR_AAGUID.replaceAll('-', ''));
    const reg = made.registered as Registered;
    expect(reg.attStmt.get('alg')).toBe(-7);
    expect(reg.attStmt.has('x5c')).toBe(false);
    expect(verifyEs256(reg.publicKey, reg.authData, reg.attStmt.get('sig') as Uint8Array)).toBe(true);
    expect(Buffer.from(reg.authData.subarray(0, 32)).equals(createHash('sha256').update(RP).digest())).toBe(true);
  });

  it('answers an unsupported algorithm list with CTAP2_ERR_UNSUPPORTED_ALGORITHM and missing fields with MISSING_PARAMETER', async () => {
    const s = await session();
    const rs256Only = new Map<number, unknown>([
      [1, cdh],
      [2, new Map([['id', RP]])],
      [3, new Map([['id', new Uint8Array([1])]])],
      [4, [new Map<string, unknown>([['alg', -257], ['type', 'public-key']])]],
    ]);
    expect((await cbor(s.connection, s.cid, Ctap2Command.makeCredential, rs256Only)).status).toBe(CtapStatus.CTAP2_ERR_UNSUPPORTED_ALGORITHM);
    rs256Only.delete(1);
    expect((await cbor(s.connection, s.cid, Ctap2Command.makeCredential, rs256Only)).status).toBe(CtapStatus.CTAP2_ERR_MISSING_PARAMETER);
  });

  it('keys discoverable credentials by RP and user: the same user overwrites, signCount rises, getNextAssertion walks the rest', async () => {
    const s = await session();
    await register(s, [1]);
    await register(s, [1]);
    const newest = (await register(s, [2])).registered as Registered;
    expect(s.key.describe().discoverableCredentials).toBe(2);
    const first = await assertion(s);
    expect(first.status).toBe(CtapStatus.CTAP2_OK);
    expect(first.body?.get(5)).toBe(2);
    const firstId = (first.body?.get(1) as Map<string, Uint8Array>).get('id') as Uint8Array;
    expect(Buffer.from(firstId).equals(Buffer.from(newest.credentialId))).toBe(true);
    const authData = first.body?.get(2) as Uint8Array;
    expect(verifyEs256(newest.publicKey, authData, first.body?.get(3) as Uint8Array)).toBe(true);
    // Without user verification the user entity carries only the id.
    expect([...(first.body?.get(4) as Map<string, unknown>).keys()]).toEqual(['id']);
    const next = await cbor(s.connection, s.cid, Ctap2Command.getNextAssertion);
    expect(next.status).toBe(CtapStatus.CTAP2_OK);
    const countOf = (a: Uint8Array) => Buffer.from(a).readUInt32BE(33);
    expect(countOf(next.body?.get(2) as Uint8Array)).toBeGreaterThan(countOf(authData));
    expect((await cbor(s.connection, s.cid, Ctap2Command.getNextAssertion)).status).toBe(CtapStatus.CTAP2_ERR_NOT_ALLOWED);
  });

  it('enforces credProtect: level 2 needs UV or an allow list, level 3 always needs UV', async () => {
    const s = await session();
    const level2 = (await register(s, [2], { credProtect: 2 })).registered as Registered;
    const level3 = (await register(s, [3], { credProtect: 3 })).registered as Registered;
    expect((await assertion(s)).status).toBe(CtapStatus.CTAP2_ERR_NO_CREDENTIALS);
    expect((await assertion(s, { allow: [level2.credentialId] })).status).toBe(CtapStatus.CTAP2_OK);
    expect((await assertion(s, { allow: [level3.credentialId] })).status).toBe(CtapStatus.CTAP2_ERR_NO_CREDENTIALS);
    expect(await s.host.setPin('2468')).toBe(CtapStatus.CTAP2_OK);
    const token = (await s.host.token('2468', Permission.ga, RP)).token as Uint8Array;
    const verified = await assertion(s, { token });
    expect(verified.status).toBe(CtapStatus.CTAP2_OK);
    expect(verified.body?.get(5)).toBe(2);
    expect((verified.body?.get(4) as Map<string, unknown>).get('name')).toBe('user3');
    expect((await assertion(s, { allow: [level3.credentialId], token })).status).toBe(CtapStatus.CTAP2_OK);
  });

  it('refuses a credential in the excludeList with CREDENTIAL_EXCLUDED, after a touch', async () => {
    const s = await session();
    const existing = (await register(s, [5], { rk: false })).registered as Registered;
    expect(s.key.describe().discoverableCredentials).toBe(0);
    const again = await register(s, [6], { exclude: [existing.credentialId] });
    expect(again.status).toBe(CtapStatus.CTAP2_ERR_CREDENTIAL_EXCLUDED);
    expect((await assertion(s, { allow: [existing.credentialId] })).status).toBe(CtapStatus.CTAP2_OK);
  });

  it('reports KEY_STORE_FULL when no discoverable slot is left, and getInfo counts the remaining slots', async () => {
    const s = await session({ maxDiscoverableCredentials: 2 });
    await register(s, [1]);
    const info = await cbor(s.connection, s.cid, Ctap2Command.getInfo);
    expect(info.body?.get(0x14)).toBe(1);
    await register(s, [2]);
    expect((await register(s, [3])).status).toBe(CtapStatus.CTAP2_ERR_KEY_STORE_FULL);
    expect((await register(s, [2])).status).toBe(CtapStatus.CTAP2_OK);
  });

  it('survives toJSON/fromJSON: a restored key still signs for its credentials and keeps its PIN', async () => {
    const s = await session();
    const reg = (await register(s, [9])).registered as Registered;
    expect(await s.host.setPin('8080')).toBe(CtapStatus.CTAP2_OK);
    const saved = JSON.parse(JSON.stringify(s.key.toJSON()));
    const restored = VirtualAuthenticator.fromJSON(saved);
    const connection = restored.connect();
    open.push(connection);
    const cid = await init(connection);
    const t = { key: restored, connection, cid, host: new PinHost(connection, cid, 2) };
    const token = (await t.host.token('8080', Permission.ga, RP)).token as Uint8Array;
    const reply = await assertion(t, { allow: [reg.credentialId], token });
    expect(reply.status).toBe(CtapStatus.CTAP2_OK);
    expect(verifyEs256(reg.publicKey, reply.body?.get(2) as Uint8Array, reply.body?.get(3) as Uint8Array)).toBe(true);
    expect(() => VirtualAuthenticator.fromJSON({ ...saved, pinRetries: 99 })).toThrow();
  });
});
