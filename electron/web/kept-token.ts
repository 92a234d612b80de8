import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const fileName = 'web-host.token';
const tokenPattern = /^[A-Za-z0-9_-]{32}$/;

/**
 * `--keep-token`: the host's access token, kept in the data folder (owner-only, like the
 * database it guards) so that a host restarted on the same port accepts the page that is still
 * open, which then reconnects by itself. Without it every start makes a new token and an open
 * page must be given the new address.
 */
export function keptToken(dataDir: string): string {
  const file = join(dataDir, fileName);
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (tokenPattern.test(kept)) return kept;
  } catch {
    // None kept yet: make one.
  }
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}
