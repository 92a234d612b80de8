import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../electron/core/config/schema';
import { appInfoSchema } from '../../shared/contract/app-calls';

const ctx = { transport: 'test' as const };
const noSecrets = { get: async () => null, set: async () => {}, delete: async () => {} };

let dir: string | null = null;
let core: Core | null = null;
afterEach(async () => {
  await core?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  core = null;
  dir = null;
});

function open(dataDir: string, locale: 'en' | 'de'): Core {
  return createCore({ config: kioskConfigSchema.parse({ locale }), dataDir, version: 'test', ports: { secrets: noSecrets } });
}

async function infoLocale(c: Core): Promise<string> {
  const reply = await c.dispatch('app.info', {}, ctx);
  if (!reply.ok) throw new Error(reply.error.message);
  return appInfoSchema.parse(reply.result).locale;
}

describe('the kiosk language chosen with app.setLocale (settings table in SQLite)', () => {
  it('app.info falls back to the config locale until a language is chosen', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-locale-'));
    core = open(dir, 'de');
    expect(await infoLocale(core)).toBe('de');
  });

  it('survives closing and reopening the core on the same data dir, over the config default', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-locale-'));
    core = open(dir, 'en');
    const set = await core.dispatch('app.setLocale', { locale: 'de' }, ctx);
    expect(set).toMatchObject({ ok: true, result: { locale: 'de' } });
    expect(await infoLocale(core)).toBe('de');
    await core.close();

    core = open(dir, 'en');
    expect(await infoLocale(core)).toBe('de');
    // Choosing again overwrites the stored value; the last choice wins after the next restart.
    await core.dispatch('app.setLocale', { locale: 'en' }, ctx);
    await core.close();

    core = open(dir, 'de');
    expect(await infoLocale(core)).toBe('en');
  });

  it('refuses a language the kiosk does not have, and keeps the stored one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-locale-'));
    core = open(dir, 'en');
    await core.dispatch('app.setLocale', { locale: 'de' }, ctx);
    const bad = await core.dispatch('app.setLocale', { locale: 'fr' }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await infoLocale(core)).toBe('de');
  });
});
