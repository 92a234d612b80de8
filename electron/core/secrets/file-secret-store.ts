import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import { isValidSecretName, type SecretStore } from '../ports/secret-store';

const fileSchema = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) }).strict();
type SecretFile = z.infer<typeof fileSchema>;

export const SECRETS_FILE_NAME = 'secrets.json';
export const PLAINTEXT_WARNING =
  'Secrets are kept in a file readable only by this user account, not encrypted by the OS keychain (browser-host mode). Use the desktop app where the keychain is available.';

export interface FileSecretStoreOptions {
  /** The kiosk's data directory; the file is `<dataDir>/secrets.json`. */
  dataDir: string;
  /** Receives the one-time plaintext warning (never a secret). */
  warn?: (message: string) => void;
}

/**
 * The web host's SecretStore: a JSON file with mode 0600. Writes go to a fresh 0600 temp file
 * that is fsynced and renamed over the old one, so a crash leaves the old or the new file,
 * never half of one. A file other users could read is refused instead of used.
 */
export class FileSecretStore implements SecretStore {
  readonly path: string;
  private readonly warn: (message: string) => void;
  private warned = false;
  /** Serialises read-modify-write so two set() calls cannot lose each other's value. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: FileSecretStoreOptions) {
    this.path = join(options.dataDir, SECRETS_FILE_NAME);
    this.warn = options.warn ?? ((message) => console.warn(`[secrets] ${message}`));
  }

  async get(name: string): Promise<string | null> {
    checkName(name);
    const file = await this.serial(() => this.read());
    return Object.hasOwn(file.secrets, name) ? (file.secrets[name] ?? null) : null;
  }

  async set(name: string, value: string): Promise<void> {
    checkName(name);
    if (typeof value !== 'string') throw new KioskError('invalid_input', message('secrets.notText', { name }));
    await this.serial(async () => {
      const file = await this.read();
      file.secrets[name] = value;
      await this.write(file);
    });
  }

  async delete(name: string): Promise<void> {
    checkName(name);
    await this.serial(async () => {
      const file = await this.read();
      if (!Object.hasOwn(file.secrets, name)) return;
      delete file.secrets[name];
      await this.write(file);
    });
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private warnOnce(): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(PLAINTEXT_WARNING);
  }

  private async read(): Promise<SecretFile> {
    this.warnOnce();
    let mode: number;
    try {
      mode = (await stat(this.path)).mode;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: {} };
      throw new KioskError('unavailable', message('secrets.cannotOpen', { path: this.path, problem: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
    }
    // Windows has no POSIX modes; the data directory's ACL protects the file there.
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      const shown = (mode & 0o777).toString(8).padStart(3, '0');
      throw new KioskError('forbidden', message('secrets.readableByOthers', { path: this.path, mode: shown }), { path: this.path, mode: shown });
    }
    const text = await readFile(this.path, 'utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new KioskError('config_invalid', message('secrets.notJson', { path: this.path }));
    }
    const result = fileSchema.safeParse(parsed);
    // Only paths in the message: zod's message could echo a value.
    if (!result.success) {
      throw new KioskError('config_invalid', message('secrets.badStructure', { path: this.path, where: result.error.issues[0]?.path.join('.') || '(top level)' }));
    }
    return result.data;
  }

  private async write(file: SecretFile): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify(file, null, 2), 'utf8');
      await handle.chmod(0o600);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, this.path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await syncDir(dirname(this.path));
  }
}

function checkName(name: string): void {
  if (!isValidSecretName(name)) {
    throw new KioskError('invalid_input', message('secrets.badName'));
  }
}

/** The rename is durable only once the directory entry is on disk. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
