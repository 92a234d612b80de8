import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { SecretStore } from '../ports/secret-store';

/** Where the kiosk keeps its audit signing key: the secret store, beside the IdP's secrets. */
export const SIGNING_KEY_SECRET = 'audit.signingKey';

export interface KioskSigningKey {
  /** Never logged, never sent: it signs export heads and nothing else. */
  privateKey: KeyObject;
  /** The public key as base64 of its SPKI DER, as written into every export. */
  publicKey: string;
  fingerprint: string;
}

/**
 * How a person compares keys: `SHA256:` and the unpadded base64 of the SHA-256 of the public
 * key's SPKI DER, the form `ssh-keygen -l` prints, short enough to read out over the phone.
 */
export function publicKeyFingerprint(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64').replace(/=+$/, '')}`;
}

function fromPrivateKey(privateKey: KeyObject): KioskSigningKey {
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), fingerprint: publicKeyFingerprint(publicKey) };
}

function parseStored(stored: string): KioskSigningKey {
  try {
    const privateKey = createPrivateKey({ key: Buffer.from(stored, 'base64'), format: 'der', type: 'pkcs8' });
    if (privateKey.asymmetricKeyType === 'ed25519') return fromPrivateKey(privateKey);
  } catch {
    // Said below: what was stored is no key of ours, whatever the parser thought of it.
  }
  throw new KioskError('config_invalid', message('audit.signingKeyUnreadable', { ref: SIGNING_KEY_SECRET }));
}

/**
 * The kiosk's Ed25519 key pair, made the first time it is needed and kept from then on. It is
 * in the SecretStore rather than a file of its own so that, in the desktop app, it is encrypted
 * with the OS keychain: a copy of the data folder alone cannot sign exports in the kiosk's name.
 * A stored value that is not such a key is refused, never replaced.
 */
export async function loadKioskSigningKey(secrets: SecretStore): Promise<KioskSigningKey> {
  const stored = await secrets.get(SIGNING_KEY_SECRET);
  if (stored !== null) return parseStored(stored);
  const { privateKey } = generateKeyPairSync('ed25519');
  await secrets.set(SIGNING_KEY_SECRET, privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'));
  // Another process (the terminal command beside a running kiosk) may have stored its own at
  // the same moment: the stored one is the kiosk's, whichever it is.
  return parseStored((await secrets.get(SIGNING_KEY_SECRET)) ?? '');
}

/** One load per process: two exports at once share one key instead of racing to make two. */
export class KioskSigningKeys {
  private loading: Promise<KioskSigningKey> | null = null;

  constructor(private readonly secrets: SecretStore) {}

  get(): Promise<KioskSigningKey> {
    this.loading ??= loadKioskSigningKey(this.secrets).catch((error: unknown) => {
      // A failed read (the keychain not ready, an unreadable value) is tried again next time.
      this.loading = null;
      throw error;
    });
    return this.loading;
  }
}
