import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isKioskError } from '../../shared/contract/errors';
import { runSetupCommand } from '../core/access/setup-command';
import { createCore } from '../core/app/create-core';
import { loadConfig } from '../core/app/load-config';
import { createSocketBackend } from '../core/fido/hid/socket-backend';
import { systemClock } from '../core/ports/clock';
import { defaultDataDir } from './data-dir';
import { keptToken } from './kept-token';
import { runSecretsCli } from './secrets-cli';
import { startWebHost } from './start-web-host';

/**
 * `node out/main/web-host.js [--port N] [--data-dir DIR] [--config FILE] [--renderer-dir DIR] [--virtual-key-port N] [--keep-token]`
 * Prints exactly one line with the URL to open (tests read it from stdout), then serves until
 * SIGINT or SIGTERM.
 * `node out/main/web-host.js secrets set|delete|has NAME [--data-dir DIR]` manages the IdP
 * secrets instead (see secrets-cli.ts) and exits.
 * `node out/main/web-host.js setup [--data-dir DIR]` prints a one-time setup code for the
 * first facilitator key and exits.
 */
// Both the bundle (out/main/web-host.js) and the source (electron/web/cli.ts) sit two levels
// below the project root.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      'renderer-dir': { type: 'string' },
      /** Training only: use a virtual key served by another process (a test, or a shared practice key). */
      'virtual-key-port': { type: 'string' },
      /** Keep the access token in the data folder, so a restarted host on the same --port takes the open page back. */
      'keep-token': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${values.port}".`);

  const dataDir = resolve(values['data-dir'] ?? process.env.KIOSK_DATA_DIR ?? defaultDataDir());
  const config = loadConfig(values.config ?? process.env.KIOSK_CONFIG);
  const keyPort = values['virtual-key-port'] === undefined ? null : Number(values['virtual-key-port']);
  if (keyPort !== null && (!Number.isInteger(keyPort) || keyPort < 1 || keyPort > 65535)) throw new UsageError(`--virtual-key-port must be a port number, not "${values['virtual-key-port']}".`);
  if (keyPort !== null && config.mode !== 'training') throw new UsageError('--virtual-key-port is for training mode only: production refuses the virtual key.');
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const core = createCore({
    config,
    dataDir,
    version,
    resourcesDir: join(root, 'resources'),
    ports: keyPort === null ? {} : { hid: createSocketBackend({ port: keyPort }) },
    // Every log line, internal errors included, on stderr as well as in <dataDir>/logs/kiosk.log.
    logToStderr: true,
    // The training key enrolls itself once the first screen is up, not while it loads.
    enrollBuiltInKeyAfterMs: 3_000,
  });
  const token = values['keep-token'] ? keptToken(dataDir) : undefined;
  const host = await startWebHost({ core, rendererDir: resolve(values['renderer-dir'] ?? join(root, 'out', 'renderer')), port, token });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    host
      .close()
      .then(() => core.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`The web host did not stop cleanly: ${(error as Error).message}\n`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Announced only once a stop signal is handled, so whoever reads the URL may stop us at once.
  process.stdout.write(`Enrollment Kiosk web host (data: ${dataDir}): ${host.url}\n`);
}

class UsageError extends Error {}

if (process.argv[2] === 'setup') {
  try {
    const { values } = parseArgs({ args: process.argv.slice(3), options: { 'data-dir': { type: 'string' } }, strict: true });
    const dataDir = resolve(values['data-dir'] ?? process.env.KIOSK_DATA_DIR ?? defaultDataDir());
    process.exit(runSetupCommand({ dataDir, clock: systemClock, out: process.stdout }));
  } catch (error) {
    process.stderr.write(`The setup command failed: ${(error as Error).message}\n`);
    process.exit(2);
  }
} else if (process.argv[2] === 'secrets') {
  runSecretsCli(process.argv.slice(3)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`The secrets command failed: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
} else {
  main().catch((error: unknown) => {
    const message = isKioskError(error) || error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
      ? (error as Error).message
      : ((error as Error).stack ?? String(error));
    process.stderr.write(`The web host could not start: ${message}\n`);
    process.exit(2);
  });
}
