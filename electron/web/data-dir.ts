import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The per-user data directory when none is given, following each platform's convention
 * (the same place Electron's `userData` points to for an app named `enrollment-kiosk`).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const name = 'enrollment-kiosk';
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), name);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', name);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), name);
}
