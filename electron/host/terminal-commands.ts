import type { Writable } from 'node:stream';
import { runSetupCommand } from '../core/access/setup-command';
import { runAuditCommand } from '../core/audit/audit-command';
import { systemClock } from '../core/ports/clock';
import type { SecretStore } from '../core/ports/secret-store';
import { describeTightened, makeDataDirPrivate } from '../core/store/private-data-dir';
import type { HostCommand } from './host-command';
import { runSecretsCommand, type SecretsCommandIo } from './secrets-command';

export interface TerminalIo extends SecretsCommandIo {
  stdout: Writable;
}

/** The secret store this host's kiosk reads, and how to name it to the operator. */
export type HostSecretStore = (dataDir: string, warn: (message: string) => void) => { store: SecretStore; where: string };

/**
 * `setup` (a one-time code for the first facilitator key), `secrets` (the IdP's client secrets
 * and tokens) and `audit` (a signed export of the audit log, and its check), the same in both hosts; only the secret store differs (the keychain's
 * in Electron, a 0600 file in the browser host). Returns the exit code; a failure says why on
 * stderr and exits 2.
 */
export async function runTerminalCommand(command: Extract<HostCommand, { kind: 'setup' | 'secrets' | 'audit' }>, secretStore: HostSecretStore, io: TerminalIo): Promise<number> {
  try {
    if (command.kind === 'setup') return runSetupCommand({ dataDir: command.dataDir, clock: systemClock, out: io.stdout, sqliteBinding: command.sqliteBinding });
    if (command.kind === 'audit') {
      const secrets = () => secretStore(command.dataDir, (message) => io.stderr.write(`Note: ${message}\n`)).store;
      return await runAuditCommand(command.args, command.options, { dataDir: command.dataDir, sqliteBinding: command.sqliteBinding, clock: systemClock, secrets, stdout: io.stdout, stderr: io.stderr });
    }
    // The folder the secrets go into is owner-only before anything is written to it.
    for (const line of describeTightened(makeDataDirPrivate(command.dataDir))) io.stderr.write(`${line}\n`);
    const { store, where } = secretStore(command.dataDir, (message) => io.stderr.write(`Note: ${message}\n`));
    return await runSecretsCommand(command.args, store, where, io);
  } catch (error) {
    io.stderr.write(`The ${command.kind} command failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}
