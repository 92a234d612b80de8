import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSecretStore } from '../../electron/core/secrets/file-secret-store';

/** A real file SecretStore in a fresh temp dir, holding the secrets a test's connector needs. */
export async function tempSecretStore(secrets: Record<string, string>): Promise<{ store: FileSecretStore; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-idp-secrets-'));
  const store = new FileSecretStore({ dataDir: dir, warn: () => undefined });
  for (const [name, value] of Object.entries(secrets)) await store.set(name, value);
  return { store, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An address on 127.0.0.1 where nothing listens (the port of a server that was just closed). */
export async function refusedBaseUrl(): Promise<string> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
