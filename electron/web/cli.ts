import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isKioskError } from '../../shared/contract/errors';
import { createCore } from '../core/app/create-core';
import { loadConfig } from '../core/app/load-config';
import { createSocketBackend } from '../core/fido/hid/socket-backend';
import { FileSecretStore } from '../core/secrets/file-secret-store';
import { parseHostCommand, UsageError, type HostCommand } from '../host/host-command';
import { runTerminalCommand, type HostSecretStore } from '../host/terminal-commands';
import { defaultDataDir } from './data-dir';
import { keptToken } from './kept-token';
import { startWebHost } from './start-web-host';

/**
 * `node out/main/web-host.js [--port N] [--data-dir DIR] [--config FILE] [--renderer-dir DIR] [--virtual-key-port N] [--keep-token]`
 * Prints exactly one line with the URL to open (tests read it from stdout), then serves until
 * SIGINT or SIGTERM.
 * `node out/main/web-host.js secrets set|delete|has NAME [--data-dir DIR]` manages the IdP
 * secrets instead and exits; `node out/main/web-host.js setup [--data-dir DIR]` prints a
 * one-time setup code for the first facilitator key and exits (electron/host/, as in Electron).
 */
// Both the bundle (out/main/web-host.js) and the source (electron/web/cli.ts) sit two levels
// below the project root.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const serveOptions = {
  port: { type: 'string', default: '0' },
  'renderer-dir': { type: 'string' },
  /** Training only: use a virtual key served by another process (a test, or a shared practice key). */
  'virtual-key-port': { type: 'string' },
  /** Keep the access token in the data folder, so a restarted host on the same --port takes the open page back. */
  'keep-token': { type: 'boolean', default: false },
} as const;
type ServeOption = keyof typeof serveOptions;

/** No OS keychain here: a 0600 file in the data folder, not encrypted (the store says so). */
const plaintextSecrets: HostSecretStore = (dataDir, warn) => {
  const store = new FileSecretStore({ dataDir, warn });
  return { store, where: store.path };
};

function portOption(name: ServeOption, value: string | boolean | undefined, min: number): number | null {
  if (value === undefined) return null;
  const port = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(port) || port < min || port > 65535) {
    throw new UsageError(min === 0 ? `--${name} must be a number from 0 to 65535, not "${String(value)}".` : `--${name} must be a port number, not "${String(value)}".`);
  }
  return port;
}

async function serve(command: Extract<HostCommand<ServeOption>, { kind: 'serve' }>): Promise<void> {
  const { options, dataDir } = command;
  const port = portOption('port', options.port, 0) ?? 0;
  const config = loadConfig(command.configFile);
  const keyPort = portOption('virtual-key-port', options['virtual-key-port'], 1);
  if (keyPort !== null && config.mode !== 'training') throw new UsageError('--virtual-key-port is for training mode only: production refuses the virtual key.');
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const core = createCore({
    config,
    dataDir,
    version,
    resourcesDir: join(root, 'resources'),
    sqliteBinding: command.sqliteBinding,
    ports: keyPort === null ? {} : { hid: createSocketBackend({ port: keyPort }) },
    // Every log line, internal errors included, on stderr as well as in <dataDir>/logs/kiosk.log.
    logToStderr: true,
    // The training key enrolls itself once the first screen is up, not while it loads.
    enrollBuiltInKeyAfterMs: 3_000,
    // Chromium for printing starts once that first screen is up, so the first print is fast too.
    warmPrintingAfterMs: 5_000,
  });
  const token = options['keep-token'] === true ? keptToken(dataDir) : undefined;
  const rendererDir = typeof options['renderer-dir'] === 'string' ? resolve(options['renderer-dir']) : join(root, 'out', 'renderer');
  const host = await startWebHost({ core, rendererDir, port, token });

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

function startFailed(error: unknown): never {
  const known = isKioskError(error) || error instanceof UsageError;
  process.stderr.write(`The web host could not start: ${known ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(2);
}

let command: HostCommand<ServeOption>;
try {
  command = parseHostCommand({ args: process.argv.slice(2), env: process.env, defaultDataDir, serveOptions, passOverUnknownOptions: false });
} catch (error) {
  if (!(error instanceof UsageError) || error.usage === null) startFailed(error);
  process.stderr.write(`${error.message}\n${error.usage}\n`);
  process.exit(2);
}
if (command.kind === 'serve') serve(command).catch(startFailed);
else runTerminalCommand(command, plaintextSecrets, process).then((code) => process.exit(code));
