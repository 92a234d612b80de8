import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../electron/core/secrets/file-secret-store';
import { EncryptedSecretStore, type StringCipher } from '../../electron/main/secrets/encrypted-secret-store';

/** Stands in for the OS keychain, which is not reachable under Node: real AES-256-GCM. */
function aesCipher(key = randomBytes(32), available = true, backend = 'gnome_libsecret'): StringCipher {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(data) {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-encrypted-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fileStore = () => new FileSecretStore({ dataDir: dir, warn: () => undefined });

describe('Electron secret store: keychain-encrypted values in the durable file store', () => {
  it('round-trips a secret and leaves only ciphertext on disk', async () => {
    const store = new EncryptedSecretStore(fileStore(), aesCipher(), () => undefined);
    await store.set('idp.keycloak.clientSecret', 's3cr3t-value-ÄÖ');
    expect(await store.get('idp.keycloak.clientSecret')).toBe('s3cr3t-value-ÄÖ');
    expect(await store.get('idp.other')).toBeNull();
    const onDisk = readFileSync(join(dir, 'secrets.json'), 'utf8');
    expect(onDisk).not.toContain('s3cr3t');
    await store.delete('idp.keycloak.clientSecret');
    expect(await store.get('idp.keycloak.clientSecret')).toBeNull();
  });

  it('refuses to store or read when the keychain is unavailable, without echoing the value', async () => {
    const store = new EncryptedSecretStore(fileStore(), aesCipher(randomBytes(32), false), () => undefined);
    const error = await store.set('idp.token', 'never-shown').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unavailable' });
    expect(String((error as Error).message)).not.toContain('never-shown');
  });

  it('reports a secret encrypted under another keychain as unreadable, not as garbage', async () => {
    await new EncryptedSecretStore(fileStore(), aesCipher(), () => undefined).set('idp.token', 'value');
    const otherMachine = new EncryptedSecretStore(fileStore(), aesCipher(), () => undefined);
    await expect(otherMachine.get('idp.token')).rejects.toMatchObject({ code: 'unavailable' });
  });

  it("warns once when Linux has no keyring and safeStorage falls back to 'basic_text'", async () => {
    const warnings: string[] = [];
    const store = new EncryptedSecretStore(fileStore(), aesCipher(randomBytes(32), true, 'basic_text'), (m) => warnings.push(m));
    await store.set('a', '1');
    await store.set('b', '2');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('keyring');
  });
});
