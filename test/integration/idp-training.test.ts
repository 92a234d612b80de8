import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../electron/core/config/schema';
import { createIdpConnector } from '../../electron/core/idp/create-idp-connector';
import { generateRecoveryCodes, hashRecoveryCodes } from '../../electron/core/idp/recovery-codes';
import { TrainingIdp } from '../../electron/core/idp/training/training-idp';
import { readTrainingRoster } from '../../electron/core/session/roster/read-training-roster';
import type { Clock } from '../../electron/core/ports/clock';
import { tempSecretStore } from '../fakes/connector-setup';
import { repoRoot } from '../fakes/contracts/contracts-dir';
import { registerWithVirtualKey } from '../fakes/virtual-key';
import { enrollWithPhone } from './helpers/journey-phone';
import { unlockCore } from './helpers/unlock-core';

const dirs: string[] = [];
const cleanups: Array<() => void> = [];
afterAll(() => {
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  cleanups.forEach((cleanup) => cleanup());
});

/** A clock the test moves by hand, so link expiry needs no waiting. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = Date.parse('2026-03-02T09:00:00Z');
  return { now: () => new Date(now), advance: (ms) => (now += ms) };
}

async function trainingIdp(clock: Clock): Promise<TrainingIdp> {
  const { store, cleanup } = await tempSecretStore({});
  cleanups.push(cleanup);
  return createIdpConnector({ kind: 'training', linkLifetimeSeconds: 900 }, { secrets: store, clock, trainingRoster: readTrainingRoster(join(repoRoot, 'resources')) }) as TrainingIdp;
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
    expect((await idp.health()).message).toMatch(/TRAINING/);
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
