import { safeStorage } from 'electron';
import type { StringCipher } from './encrypted-secret-store';

/** safeStorage as a StringCipher; the keyring backend question exists only on Linux. */
export const safeStorageCipher: StringCipher = {
  isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
  encryptString: (plainText) => safeStorage.encryptString(plainText),
  decryptString: (encrypted) => safeStorage.decryptString(encrypted),
  ...(process.platform === 'linux' ? { getSelectedStorageBackend: () => safeStorage.getSelectedStorageBackend() } : {}),
};
