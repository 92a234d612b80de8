import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { SecretStore } from '../../core/ports/secret-store';

/**
 * The part of Electron's safeStorage this store needs. Kept as an interface so the store
 * itself imports nothing from Electron and is tested under Node.
 */
export interface StringCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which keyring backs the cipher ('basic_text' means a hard-coded key). */
  getSelectedStorageBackend?(): string;
}

/**
 * The Electron shell's SecretStore: each value is encrypted with the OS keychain
 * (safeStorage) before it reaches the inner store, which only ever holds ciphertext.
 */
export class EncryptedSecretStore implements SecretStore {
  private warned = false;

  constructor(
    private readonly inner: SecretStore,
    private readonly cipher: StringCipher,
    private readonly warn: (message: string) => void,
  ) {}

  async get(name: string): Promise<string | null> {
    const stored = await this.inner.get(name);
    if (stored === null) return null;
    this.checkAvailable();
    try {
      return this.cipher.decryptString(Buffer.from(stored, 'base64'));
    } catch {
      throw new KioskError('unavailable', message('secrets.cannotDecrypt', { name }));
    }
  }

  async set(name: string, value: string): Promise<void> {
    this.checkAvailable();
    await this.inner.set(name, this.cipher.encryptString(value).toString('base64'));
  }

  delete(name: string): Promise<void> {
    return this.inner.delete(name);
  }

  private checkAvailable(): void {
    if (!this.cipher.isEncryptionAvailable()) {
      throw new KioskError('unavailable', message('secrets.noKeychain'));
    }
    if (!this.warned && this.cipher.getSelectedStorageBackend?.() === 'basic_text') {
      this.warned = true;
      this.warn('No OS keyring was found: IdP secrets are protected only by a built-in key. Install GNOME Keyring or KWallet for real protection.');
    }
  }
}
