import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FileSecretStore } from '../core/secrets/file-secret-store';
import { runSecretsCommand, SECRETS_USAGE } from '../core/secrets/secrets-command';
import { describeTightened, makeDataDirPrivate } from '../core/store/private-data-dir';
import { defaultDataDir } from './data-dir';

/**
 * `node out/main/web-host.js secrets set|delete|has NAME [--data-dir DIR]`: the browser host's
 * secrets go into `<data dir>/secrets.json` (mode 0600, not encrypted; the store says so).
 * Returns the exit code.
 */
export async function runSecretsCli(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { 'data-dir': { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${SECRETS_USAGE}\n`);
    return 2;
  }
  const dataDir = resolve(parsed.values['data-dir'] ?? process.env.KIOSK_DATA_DIR ?? defaultDataDir());
  for (const line of describeTightened(makeDataDirPrivate(dataDir))) process.stderr.write(`${line}\n`);
  const store = new FileSecretStore({ dataDir, warn: (message) => process.stderr.write(`Note: ${message}\n`) });
  return runSecretsCommand(parsed.positionals, store, store.path, { stdin: process.stdin, stderr: process.stderr });
}
