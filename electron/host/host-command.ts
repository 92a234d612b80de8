import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AUDIT_USAGE, auditOptions, type AuditCommandOptions } from '../core/audit/audit-command';
import { SECRETS_USAGE } from './secrets-command';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/**
 * What the person at the terminal (or the launcher) asked a host for. Both hosts read the same
 * command line: `[setup | secrets ACTION NAME | audit ACTION …] [--data-dir DIR] [--config FILE]` plus a host's
 * own options for serving (the browser host's --port and the like), and the same environment:
 * KIOSK_DATA_DIR and KIOSK_CONFIG when the options are not given, KIOSK_SQLITE_BINDING.
 */
export type HostCommand<Serve extends string = string> =
  | (HostBasics & { kind: 'serve'; configFile: string | undefined; options: Partial<Record<Serve, string | boolean>> })
  | (HostBasics & { kind: 'setup' })
  | (HostBasics & { kind: 'secrets'; args: string[] })
  | (HostBasics & { kind: 'audit'; args: string[]; options: AuditCommandOptions });

interface HostBasics {
  dataDir: string;
  /** A better-sqlite3 addon built for the runtime when it is not Node's (Electron, set by `npm start`). */
  sqliteBinding: string | undefined;
}

export interface HostCommandLine<Serve extends string> {
  /** The arguments after the program (and, for `electron .`, after the app folder). */
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  /** Where this host keeps its data when neither --data-dir nor KIOSK_DATA_DIR says. */
  defaultDataDir: () => string;
  /** The host's own options for serving. */
  serveOptions: Record<Serve, OptionsConfig[string]>;
  /**
   * Electron's command line also carries Chromium's switches (--no-sandbox, say): not ours to
   * refuse, so options this module does not know are passed over instead of refused.
   */
  passOverUnknownOptions: boolean;
  /** Run as `electron .` (unpackaged): the first word is the app folder, not a command. */
  appFolderFirst?: boolean;
}

/** A mistake on the command line: said on stderr with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string | null = null,
  ) {
    super(message);
  }
}

const common = { 'data-dir': { type: 'string' }, config: { type: 'string' } } as const satisfies OptionsConfig;

/** An empty variable is an unset one (a launcher's `KIOSK_CONFIG=`). */
const fromEnv = (env: NodeJS.ProcessEnv, name: string) => env[name] || undefined;

export function parseHostCommand<Serve extends string>(line: HostCommandLine<Serve>): HostCommand<Serve> {
  const serveOptions: OptionsConfig = { ...common, ...line.serveOptions };
  const appFolder = line.appFolderFirst ? line.args.findIndex((arg) => !arg.startsWith('-')) : -1;
  const args = line.args.filter((_, index) => index !== appFolder);
  // The command word decides which options are allowed, so find it first, leniently.
  const [word] = parseArgs({ args, options: serveOptions, allowPositionals: true, strict: false }).positionals;
  const kind = word === 'setup' || word === 'secrets' || word === 'audit' ? word : 'serve';
  const usage = kind === 'secrets' ? SECRETS_USAGE : kind === 'audit' ? AUDIT_USAGE : null;
  const commandOptions: OptionsConfig = kind === 'serve' ? serveOptions : kind === 'audit' ? { 'data-dir': common['data-dir'], ...auditOptions } : { 'data-dir': common['data-dir'] };
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: commandOptions,
      allowPositionals: true,
      strict: !line.passOverUnknownOptions,
    });
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
  const values: Record<string, unknown> = parsed.values;
  const words = kind === 'serve' ? parsed.positionals : parsed.positionals.slice(1);
  if (kind !== 'secrets' && kind !== 'audit' && words.length > 0) throw new UsageError(`"${words[0]}" is not a command or an option this program knows.`, usage);
  const text = (name: string): string | undefined => {
    const value = values[name];
    if (value === undefined || typeof value === 'string') return value;
    throw new UsageError(`--${name} needs a value.`, usage);
  };
  const basics: HostBasics = {
    dataDir: resolve(text('data-dir') ?? fromEnv(line.env, 'KIOSK_DATA_DIR') ?? line.defaultDataDir()),
    sqliteBinding: fromEnv(line.env, 'KIOSK_SQLITE_BINDING'),
  };
  if (kind === 'setup') return { ...basics, kind };
  if (kind === 'secrets') return { ...basics, kind, args: words };
  if (kind === 'audit') {
    const options: AuditCommandOptions = {};
    for (const name of Object.keys(auditOptions) as (keyof typeof auditOptions)[]) options[name] = text(name);
    return { ...basics, kind, args: words, options };
  }
  const options: Partial<Record<Serve, string | boolean>> = {};
  for (const name of Object.keys(line.serveOptions) as Serve[]) {
    const value = values[name];
    if (typeof value === 'string' || typeof value === 'boolean') options[name] = value;
  }
  return { ...basics, kind, configFile: text('config') ?? fromEnv(line.env, 'KIOSK_CONFIG'), options };
}
