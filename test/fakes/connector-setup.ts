import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect } from 'vitest';
import type { IdpConnector, IdpUser } from '../../electron/core/idp/idp-connector';
import { FileSecretStore } from '../../electron/core/secrets/file-secret-store';
import { FAULT_TIMEOUT_MS } from './fault-cases';

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

/**
 * The three connectors every connector test needs against one fake: the real one, one aimed
 * at a port where nothing listens, and an impatient one for the timeout fault.
 */
export async function connectorsFor<C>(make: (baseUrl: string, timeoutMs?: number) => C, baseUrl: string): Promise<{ connector: C; refused: C; impatient: C }> {
  return { connector: make(baseUrl), refused: make(await refusedBaseUrl()), impatient: make(baseUrl, FAULT_TIMEOUT_MS) };
}

/**
 * Registers the hooks every connector test file shares: any contract violation the fake saw
 * fails the test it happened in; the fake stops and the secrets go at the end.
 */
export function guardFake(fake: () => { server: { violations: string[] }; stop(): Promise<void> }, cleanup: () => void): void {
  afterEach(() => {
    expect(fake().server.violations, 'contract violations').toEqual([]);
  });
  afterAll(async () => {
    await fake().stop();
    cleanup();
  });
}

/** The IdP user with this badge; a test that needs them cannot go on without them. */
export async function userByBadge(connector: IdpConnector, badgeId: string): Promise<IdpUser> {
  const user = await connector.findUser({ badgeId });
  if (!user) throw new Error(`no user with badge ${badgeId} at the fake`);
  return user;
}
