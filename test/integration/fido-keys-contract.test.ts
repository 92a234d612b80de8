import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../electron/core/config/schema';
import type { EventEnvelope } from '../../shared/contract/envelope';
import { unlockCore } from './helpers/unlock-core';

let core: Core | null = null;
let dir: string | null = null;
afterEach(async () => {
  await core?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  core = null;
  dir = null;
});

function startCore(config: unknown = {}) {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-keys-'));
  core = createCore({ config: kioskConfigSchema.parse(config), dataDir: dir, version: 'test' });
  const seen: EventEnvelope[] = [];
  core.events.subscribe((e) => seen.push(e));
  return { core, seen };
}

describe('keys in the contract (training mode: the in-process virtual key)', () => {
  it('keys.list shows the virtual key, publishes key.attached, and keys.pinState/keys.wink/keys.cancel answer for it', async () => {
    const { core, seen } = startCore();
    const listed = await core.dispatch('keys.list', {}, { transport: 'test' });
    expect(listed.ok).toBe(true);
    if (!listed.ok) return;
    const result = listed.result as { backend: string; keys: Array<{ path: string; training: boolean; model: string | null; pinState: string | null }> };
    expect(result.backend).toBe('virtual');
    expect(result.keys).toHaveLength(1);
    const key = result.keys[0]!;
    expect(key).toMatchObject({ training: true, model: 'Enrollment Kiosk virtual key (training)', pinState: 'notSet' });

    for (let i = 0; i < 50 && !seen.some((e) => e.name === 'key.attached'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(seen.find((e) => e.name === 'key.attached')?.payload).toEqual({ path: key.path, product: expect.any(String), training: true });

    // keys.pinState and keys.wink are the facilitator's.
    await unlockCore(core);
    const pin = await core.dispatch('keys.pinState', { path: key.path }, { transport: 'test' });
    expect(pin).toEqual({ ok: true, result: { pinState: 'notSet', retries: null, powerCycleRequired: false, minPinLength: 4 } });
    expect(await core.dispatch('keys.wink', { path: key.path }, { transport: 'test' })).toEqual({ ok: true, result: { ok: true } });
    expect(await core.dispatch('keys.cancel', { path: key.path }, { transport: 'test' })).toEqual({ ok: true, result: { cancelled: false } });
  });

  it('an unknown key path is key_not_found and a malformed input is invalid_input', async () => {
    const { core } = startCore();
    await unlockCore(core);
    const missing = await core.dispatch('keys.pinState', { path: 'virtual:127.0.0.1:1' }, { transport: 'test' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'key_not_found' } });
    const bad = await core.dispatch('keys.pinState', { path: '' }, { transport: 'test' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('a broken MDS blob path does not stop the kiosk: the built-in table still names keys', async () => {
    const { core } = startCore({ keys: { backend: 'virtual', mdsBlobPath: '/nonexistent/mds.jwt' } });
    const listed = await core.dispatch('keys.list', {}, { transport: 'test' });
    expect(listed).toMatchObject({ ok: true, result: { keys: [{ model: 'Enrollment Kiosk virtual key (training)' }] } });
  });
});
