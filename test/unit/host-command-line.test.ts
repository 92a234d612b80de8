import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHostCommand, UsageError } from '../../electron/host/host-command';

const webOptions = { port: { type: 'string', default: '0' }, 'keep-token': { type: 'boolean', default: false } } as const;

/** The browser host: its own serving options, every unknown option refused. */
const web = (args: string[], env: NodeJS.ProcessEnv = {}) => parseHostCommand({ args, env, defaultDataDir: () => '/home/kiosk/.config/enrollment-kiosk', serveOptions: webOptions, passOverUnknownOptions: false });

/** The Electron shell run as `electron <switches> . <ours>`: Chromium's switches are passed over. */
const electron = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  parseHostCommand({ args, env, defaultDataDir: () => '/home/kiosk/.config/Enrollment Kiosk', serveOptions: {}, passOverUnknownOptions: true, appFolderFirst: true });

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('one command line for both hosts: [setup | secrets ACTION NAME | audit ACTION …] [--data-dir DIR] [--config FILE]', () => {
  it('serves by default, with the data folder and config from the options, else the environment, else the host default', () => {
    expect(web(['--port', '8123', '--data-dir', 'data', '--config', 'kiosk.yaml', '--keep-token'], { KIOSK_DATA_DIR: '/elsewhere', KIOSK_CONFIG: '/other.yaml' })).toEqual({
      kind: 'serve',
      dataDir: resolve('data'),
      configFile: 'kiosk.yaml',
      sqliteBinding: undefined,
      options: { port: '8123', 'keep-token': true },
    });
    expect(electron(['.'], { KIOSK_DATA_DIR: '/srv/kiosk', KIOSK_CONFIG: '/etc/kiosk.yaml', KIOSK_SQLITE_BINDING: '/opt/electron-sqlite.node' })).toEqual({
      kind: 'serve',
      dataDir: '/srv/kiosk',
      configFile: '/etc/kiosk.yaml',
      sqliteBinding: '/opt/electron-sqlite.node',
      options: {},
    });
    // An empty variable, as a launcher writes KIOSK_CONFIG=, is an unset one.
    expect(web([], { KIOSK_DATA_DIR: '', KIOSK_CONFIG: '' })).toMatchObject({ dataDir: '/home/kiosk/.config/enrollment-kiosk', configFile: undefined });
  });

  it('reads setup and secrets the same in both hosts, Chromium switches around them or not', () => {
    expect(web(['setup', '--data-dir', '/srv/kiosk'])).toEqual({ kind: 'setup', dataDir: '/srv/kiosk', sqliteBinding: undefined });
    expect(electron(['--no-sandbox', '.', 'setup', '--data-dir', '/srv/kiosk'])).toEqual({ kind: 'setup', dataDir: '/srv/kiosk', sqliteBinding: undefined });
    const secrets = { kind: 'secrets', dataDir: '/srv/kiosk', sqliteBinding: undefined, args: ['set', 'idp.keycloak.clientSecret'] };
    expect(web(['secrets', 'set', 'idp.keycloak.clientSecret', '--data-dir', '/srv/kiosk'])).toEqual(secrets);
    expect(electron(['.', 'secrets', 'set', 'idp.keycloak.clientSecret', '--enable-logging'], { KIOSK_DATA_DIR: '/srv/kiosk' })).toEqual(secrets);
  });

  it('reads audit export and audit verify with their options the same in both hosts', () => {
    const exported = { kind: 'audit', dataDir: '/srv/kiosk', sqliteBinding: undefined, args: ['export'], options: { from: '2026-03-01', to: '2026-03-31', out: 'march.json', 'public-key': undefined } };
    expect(web(['audit', 'export', '--from', '2026-03-01', '--to', '2026-03-31', '--out', 'march.json', '--data-dir', '/srv/kiosk'])).toEqual(exported);
    expect(electron(['.', 'audit', 'export', '--from', '2026-03-01', '--no-sandbox', '--to', '2026-03-31', '--out', 'march.json'], { KIOSK_DATA_DIR: '/srv/kiosk' })).toEqual(exported);
    expect(web(['audit', 'verify', 'march.json', '--public-key', 'SHA256:abc'], { KIOSK_DATA_DIR: '/srv/kiosk' })).toMatchObject({ kind: 'audit', args: ['verify', 'march.json'], options: { 'public-key': 'SHA256:abc' } });
    const unknown = usageError(() => web(['audit', 'export', '--since', '2026-03-01']));
    expect(unknown.message).toMatch(/Unknown option '--since'/);
    expect(unknown.usage).toMatch(/^Usage: audit export/);
    expect(usageError(() => web(['audit', 'export', '--out'])).message).toMatch(/--out/);
  });

  it('refuses what a command does not take, with the usage where the command has one', () => {
    const value = usageError(() => web(['secrets', 'set', 'idp.x', '--value', 'oops']));
    expect(value.message).toMatch(/Unknown option '--value'/);
    expect(value.usage).toMatch(/^Usage: secrets set NAME/);
    expect(usageError(() => web(['setup', '--port', '8123'])).message).toMatch(/Unknown option '--port'/);
    expect(usageError(() => web(['serve'])).message).toBe('"serve" is not a command or an option this program knows.');
    expect(usageError(() => electron(['.', 'setup', 'now'])).message).toBe('"now" is not a command or an option this program knows.');
    expect(usageError(() => electron(['.', '--data-dir'])).message).toBe('--data-dir needs a value.');
  });
});
