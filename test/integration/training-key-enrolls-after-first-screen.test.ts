import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TRAINING_FACILITATOR_PIN } from '../../electron/core/access/training-facilitator-key';
import { createCore, type Core } from '../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../electron/core/config/schema';

/**
 * The hosts start the training key's enrollment a moment after start (enrollBuiltInKeyAfterMs),
 * so its key operations do not compete with the first screen. Until then the kiosk must behave
 * as before: the PIN on the banner, and an unlock that works.
 */
const cores: Array<{ core: Core; dir: string }> = [];
afterEach(async () => {
  for (const { core, dir } of cores.splice(0)) {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

function trainingCore(enrollBuiltInKeyAfterMs: number): Core {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-deferred-key-'));
  const core = createCore({ config: kioskConfigSchema.parse({}), dataDir: dir, version: 'test', enrollBuiltInKeyAfterMs });
  cores.push({ core, dir });
  return core;
}

const keyRows = (core: Core) => core.db.prepare('SELECT name, created_by AS createdBy FROM facilitator_keys').all();
const auditActions = (core: Core) => (core.db.prepare(`SELECT action FROM audit_log WHERE action LIKE 'access.%' ORDER BY seq`).all() as Array<{ action: string }>).map((row) => row.action);

describe('the training key enrolls itself after the first screen', () => {
  it('before its enrollment starts, the banner has the PIN and an unlock enrolls the key first, then unlocks with it', async () => {
    const core = trainingCore(60_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(keyRows(core)).toEqual([]);
    const state = await core.dispatch('access.state', {}, { transport: 'test' });
    expect(state).toMatchObject({ ok: true, result: { locked: true, setupNeeded: false, trainingKeyPin: TRAINING_FACILITATOR_PIN } });

    const unlocked = await core.dispatch('access.unlock', { pin: TRAINING_FACILITATOR_PIN }, { transport: 'test' });
    expect(unlocked).toMatchObject({ ok: true, result: { locked: false, facilitator: { name: 'Training facilitator' } } });
    expect(keyRows(core)).toEqual([{ name: 'Training facilitator', createdBy: 'training' }]);
    expect(auditActions(core)).toEqual(['access.keyEnrolled', 'access.unlocked', 'access.attempt']);
  });

  it('enrolls by itself when its moment comes, once: a later unlock uses that key and enrolls no second one', async () => {
    const core = trainingCore(100);
    await expect.poll(() => keyRows(core), { timeout: 20_000, interval: 50 }).toEqual([{ name: 'Training facilitator', createdBy: 'training' }]);

    const unlocked = await core.dispatch('access.unlock', { pin: TRAINING_FACILITATOR_PIN }, { transport: 'test' });
    expect(unlocked).toMatchObject({ ok: true, result: { locked: false } });
    expect(keyRows(core)).toHaveLength(1);
    expect(auditActions(core)).toEqual(['access.keyEnrolled', 'access.unlocked', 'access.attempt']);
  });

  it('an unlock while the enrollment is under way waits for it instead of starting a second one', async () => {
    const core = trainingCore(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const unlocked = await core.dispatch('access.unlock', { pin: TRAINING_FACILITATOR_PIN }, { transport: 'test' });
    expect(unlocked).toMatchObject({ ok: true, result: { locked: false } });
    expect(keyRows(core)).toHaveLength(1);
    expect(auditActions(core).filter((action) => action === 'access.keyEnrolled')).toHaveLength(1);
  });
});
