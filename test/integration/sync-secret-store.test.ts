import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../shared/contract/errors';
import { FileSecretStore, PLAINTEXT_WARNING } from '../../electron/core/secrets/file-secret-store';

const posix = process.platform !== 'win32';

describe('FileSecretStore (web host): a 0600 JSON file with a one-time warning', () => {
  let dir: string;
  let warnings: string[];
  let store: FileSecretStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-secrets-'));
    warnings = [];
    store = new FileSecretStore({ dataDir: dir, warn: (m) => warnings.push(m) });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores, reads back after a restart, replaces and deletes values', async () => {
    expect(await store.get('idp.keycloak.clientSecret')).toBeNull();
    await store.set('idp.keycloak.clientSecret', 's3cr3t-value');
    await store.set('idp.entra.clientSecret', 'other');
    const reopened = new FileSecretStore({ dataDir: dir, warn: () => {} });
    expect(await reopened.get('idp.keycloak.clientSecret')).toBe('s3cr3t-value');
    await reopened.set('idp.keycloak.clientSecret', 'rotated');
    expect(await store.get('idp.keycloak.clientSecret')).toBe('rotated');
    await store.delete('idp.keycloak.clientSecret');
    await store.delete('never-set');
    expect(await store.get('idp.keycloak.clientSecret')).toBeNull();
    expect(await store.get('idp.entra.clientSecret')).toBe('other');
  });

  it.skipIf(!posix)('writes the file with mode 0600 (POSIX only)', async () => {
    await store.set('a', 'b');
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
  });

  it.skipIf(!posix)('refuses a group- or world-readable file with a message saying how to fix it (POSIX only)', async () => {
    await store.set('a', 'the-value');
    chmodSync(store.path, 0o644);
    const error = await store.get('a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KioskError);
    expect((error as KioskError).code).toBe('forbidden');
    expect((error as KioskError).message).toContain('chmod 600');
    expect((error as KioskError).message).toContain('644');
    expect((error as KioskError).message).not.toContain('the-value');
  });

  it('warns once per store that secrets are not in the OS keychain', async () => {
    await store.set('a', '1');
    await store.get('a');
    await store.get('b');
    expect(warnings).toEqual([PLAINTEXT_WARNING]);
    expect(warnings[0]).toMatch(/not encrypted by the OS keychain/);
  });

  it('reports a damaged file without echoing any value in the message', async () => {
    writeFileSync(store.path, JSON.stringify({ version: 1, secrets: { a: 42, leaked: 'top-secret' } }), { mode: 0o600 });
    const error = (await store.get('a').catch((e: unknown) => e)) as KioskError;
    expect(error.code).toBe('config_invalid');
    expect(error.message).not.toContain('top-secret');
    writeFileSync(store.path, '{not json top-secret', { mode: 0o600 });
    const error2 = (await store.get('a').catch((e: unknown) => e)) as KioskError;
    expect(error2.code).toBe('config_invalid');
    expect(error2.message).not.toContain('top-secret');
  });

  it('loses no value when many set() calls race', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.set(`k${i}`, `v${i}`)));
    const onDisk = JSON.parse(readFileSync(store.path, 'utf8')) as { secrets: Record<string, string> };
    expect(Object.keys(onDisk.secrets)).toHaveLength(25);
    for (let i = 0; i < 25; i += 1) expect(await store.get(`k${i}`)).toBe(`v${i}`);
  });

  it('rejects names that are not identifiers', async () => {
    await expect(store.set('../etc/passwd', 'x')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(store.get('')).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
