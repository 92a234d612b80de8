import { join } from 'node:path';
import { FileSecretStore } from '../../core/secrets/file-secret-store';
import { EncryptedSecretStore } from './encrypted-secret-store';
import { safeStorageCipher } from './safe-storage-cipher';

/**
 * The Electron shell's secret store: ciphertext from safeStorage (the OS keychain) in
 * `<data dir>/keychain/secrets.json`, its own folder so the browser host's plaintext file is
 * never confused with it. The kiosk and its `secrets` command both use this one.
 */
export function keychainSecretStore(dataDir: string, warn: (message: string) => void): { store: EncryptedSecretStore; path: string } {
  const file = new FileSecretStore({ dataDir: join(dataDir, 'keychain'), warn: () => undefined });
  return { store: new EncryptedSecretStore(file, safeStorageCipher, warn), path: file.path };
}
