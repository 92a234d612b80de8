import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../electron/core/config/schema';
import { createIdpConnector } from '../../electron/core/idp/create-idp-connector';
import { generateRecoveryCodes, hashRecoveryCodes } from '../../electron/core/idp/recovery-codes';
import { TrainingIdp } from '../../electron/core/idp/training/training-idp';
import { readTrainingRoster } from '../../electron/core/session/roster/training-roster';
import type { Clock } from '../../electron/core/ports/clock';
import { openDatabase, type Db } from '../../electron/core/store/open-database';
import { tempSecretStore } from '../fakes/connector-setup';
import { repoRoot } from '../fakes/contracts/contracts-dir';
import { registerWithVirtualKey } from '../fakes/virtual-key';
import { enrollWithPhone } from './helpers/journey-phone';
import { unlockCore } from './helpers/unlock-core';

const dirs: string[] = [];
const cleanups: Array<() => void> = [];
afterAll(() => {
  cleanups.forEach((cleanup) => cleanup());
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

/** A clock the test moves by hand, so link expiry needs no waiting. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = Date.parse('2026-03-02T09:00:00Z');
  return { now: () => new Date(now), advance: (ms) => (now += ms) };
}

/** The kiosk's database the training IdP keeps its records in: a fresh file, or `db` to open another IdP on the same one. */
function kioskDb(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-idp-training-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'kiosk.sqlite'));
  cleanups.unshift(() => db.close());
  return db;
}

function trainingRows() {
  const roster = readTrainingRoster(join(repoRoot, 'resources'));
  if (!roster.ok) throw new Error(`the training roster could not be read: ${roster.problem}`);
  return roster.rows;
}

async function trainingIdp(clock: Clock, db: Db = kioskDb()): Promise<TrainingIdp> {
  const { store, cleanup } = await tempSecretStore({});
  cleanups.push(cleanup);
  return createIdpConnector({ kind: 'training', linkLifetimeSeconds: 900 }, { secrets: store, clock, trainingRoster: trainingRows(), trainingDb: db }) as TrainingIdp;
}

describe('training IdP (built in, TRAINING)', () => {
  it('is labelled TRAINING and finds roster people by badge, email and username', async () => {
    const idp = await trainingIdp(manualClock());
    expect(idp.training).toBe(true);
    expect(idp.label).toMatch(/TRAINING/);
    const amara = await idp.findUser({ badgeId: '100101' });
    expect(amara).toMatchObject({ displayName: 'Amara Okafor', email: 'amara.okafor@example.com', badgeId: '100101' });
    expect((await idp.findUser({ email: 'AMARA.OKAFOR@example.com' }))?.id).toBe(amara?.id);
    expect((await idp.findUser({ username: 'amara.okafor' }))?.id).toBe(amara?.id);
    expect(await idp.findUser({ badgeId: '999999' })).toBeNull();
    expect((await idp.health()).says).toEqual({ reason: 'idp.trainingReady', params: { count: expect.any(Number) } });
  });

  it('issues a one-time localhost link where a real WebAuthn registration adds the passkey', async () => {
    const clock = manualClock();
    const idp = await trainingIdp(clock);
    const user = (await idp.findUser({ badgeId: '100102' }))!;
    const link = await idp.platformPasskeyLink(user);
    expect(link.kind).toBe('training');
    expect(link.url).toMatch(/^http:\/\/localhost:\d+\/enroll\//);
    expect(await idp.listAuthenticators(user)).toEqual([]);
    const phone = await enrollWithPhone(link.url);
    expect(phone.page).toContain('Create your passkey');
    expect(phone.verify.status).toBe(200);
    expect(await idp.listAuthenticators(user)).toEqual([expect.objectContaining({ type: 'passkey' })]);
    expect((await fetch(link.url)).status).toBe(410);
    await idp.close();
  });

  it('refuses an expired link with a page that says what to do', async () => {
    const clock = manualClock();
    const idp = await trainingIdp(clock);
    const user = (await idp.findUser({ badgeId: '100102' }))!;
    const link = await idp.platformPasskeyLink(user);
    clock.advance(16 * 60_000);
    const page = await fetch(link.url, { headers: { 'accept-language': 'de-DE,de;q=0.9' } });
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('Dieser Link ist abgelaufen');
    expect((await fetch(`${link.url}/options`, { method: 'POST' })).status).toBe(410);
    await idp.close();
  });

  it('verifies the backup key from the virtual authenticator like a real IdP, once, and revokes it', async () => {
    const idp = await trainingIdp(manualClock());
    const user = (await idp.findUser({ badgeId: '100103' }))!;
    const start = await idp.beginKeyRegistration(user);
    const response = await registerWithVirtualKey(start);
    const options = { idempotencyKey: `key:${user.id}:${response.id}`, displayName: 'Backup key' };
    const { authenticatorId } = await idp.finishKeyRegistration(start.handle, response, options);
    expect(await idp.finishKeyRegistration(start.handle, response, options)).toEqual({ authenticatorId });
    expect((await idp.listAuthenticators(user)).filter((a) => a.type === 'securityKey')).toHaveLength(1);

    const other = await idp.beginKeyRegistration(user);
    await expect(idp.finishKeyRegistration(other.handle, response, { ...options, idempotencyKey: 'x' })).rejects.toMatchObject({ kind: 'permanent', message: expect.stringMatching(/did not verify/) });

    await idp.revokeAuthenticator(user, authenticatorId);
    expect(await idp.listAuthenticators(user)).toEqual([]);
  });

  it('keeps only hashes of kiosk-issued recovery codes and accepts the printed ones', async () => {
    const idp = await trainingIdp(manualClock());
    const user = (await idp.findUser({ badgeId: '100104' }))!;
    if (idp.recoveryCodes.mode !== 'kioskIssuedHashed') throw new Error('expected kioskIssuedHashed');
    const codes = generateRecoveryCodes(idp.recoveryCodes.codeCount);
    expect(new Set(codes).size).toBe(10);
    expect(codes.every((c) => /^[A-HJ-NP-Z2-9]{12}$/.test(c))).toBe(true);
    await idp.recoveryCodes.store(user, hashRecoveryCodes(codes), { idempotencyKey: 'codes-1' });
    await idp.recoveryCodes.store(user, hashRecoveryCodes(codes), { idempotencyKey: 'codes-1' });
    expect((await idp.listAuthenticators(user)).filter((a) => a.type === 'recoveryCodes')).toHaveLength(1);
    expect(codes.every((c) => idp.acceptsRecoveryCode(user.id, c))).toBe(true);
    expect(JSON.stringify(await idp.listAuthenticators(user))).not.toContain(codes[0]);
  });

  it('remembers across a restart: a new IdP on the same database lists the passkey, key and codes, opens a link issued before, and adds nothing for a replayed item', async () => {
    const clock = manualClock();
    const db = kioskDb();
    const before = await trainingIdp(clock, db);
    const user = (await before.findUser({ badgeId: '100105' }))!;
    const phone = await enrollWithPhone((await before.platformPasskeyLink(user)).url);
    expect(phone.verify.status).toBe(200);
    const start = await before.beginKeyRegistration(user);
    const response = await registerWithVirtualKey(start);
    const keyOptions = { idempotencyKey: `key:${user.id}:${response.id}`, displayName: 'Backup key' };
    const { authenticatorId } = await before.finishKeyRegistration(start.handle, response, keyOptions);
    if (before.recoveryCodes.mode !== 'kioskIssuedHashed') throw new Error('expected kioskIssuedHashed');
    const codes = generateRecoveryCodes(10);
    const stored = await before.recoveryCodes.store(user, hashRecoveryCodes(codes), { idempotencyKey: 'codes-restart' });
    const open = await before.platformPasskeyLink((await before.findUser({ badgeId: '100106' }))!);
    const listed = await before.listAuthenticators(user);
    await before.close();

    const after = await trainingIdp(clock, db);
    expect(await after.listAuthenticators(user)).toEqual(listed);
    expect(listed.map((a) => a.type)).toEqual(['passkey', 'securityKey', 'recoveryCodes']);
    expect(codes.every((code) => after.acceptsRecoveryCode(user.id, code))).toBe(true);
    // The outbox replays what it sent before the restart: the same authenticators, none added.
    expect(await after.finishKeyRegistration(start.handle, response, keyOptions)).toEqual({ authenticatorId });
    if (after.recoveryCodes.mode !== 'kioskIssuedHashed') throw new Error('expected kioskIssuedHashed');
    expect(await after.recoveryCodes.store(user, hashRecoveryCodes(generateRecoveryCodes(10)), { idempotencyKey: 'codes-restart' })).toEqual(stored);
    expect(await after.listAuthenticators(user)).toEqual(listed);
    // A link shown before the restart, not yet expired, still opens the page and registers.
    const second = await enrollWithPhone(open.url);
    expect(second.verify.status).toBe(200);
    expect(await after.listAuthenticators((await after.findUser({ badgeId: '100106' }))!)).toEqual([expect.objectContaining({ type: 'passkey' })]);
    await after.close();
  });

  it('idp.status through the core reports the training IdP, its capabilities and health', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-idp-status-'));
    dirs.push(dataDir);
    const core = createCore({ config: kioskConfigSchema.parse({}), dataDir, version: 'test', resourcesDir: join(repoRoot, 'resources') });
    try {
      await unlockCore(core);
      const result = await core.dispatch('idp.status', {}, { transport: 'test' });
      expect(result).toMatchObject({ ok: true, result: { kind: 'training', training: true, capabilities: { recoveryCodes: 'kioskIssuedHashed' }, health: { ok: true, says: { reason: 'idp.trainingReady' } }, lastError: null } });
    } finally {
      await core.close();
    }
  });
});
