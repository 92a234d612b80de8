import { join } from 'node:path';
import type { Clock } from '../ports/clock';
import { AuditLog } from '../store/audit-log';
import { FacilitatorKeysRepository } from '../store/facilitator-keys-repository';
import { openDatabase } from '../store/open-database';
import { describeTightened, makeDataDirPrivate } from '../store/private-data-dir';
import { newSetupCode, setupCodeHash } from './setup-code';

/** A printed code is good for one day; an unused older one stops working when a new one is printed. */
const SETUP_CODE_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * `enrollment-kiosk setup`: prints a one-time setup code for the first facilitator key (or a
 * new first key, when every key was lost). Only its hash is stored. Whoever can run this on
 * the kiosk machine administers it; the audit log records that a code was printed.
 */
export function runSetupCommand(options: { dataDir: string; clock: Clock; out: NodeJS.WritableStream; sqliteBinding?: string }): number {
  // Often the first thing run on a new kiosk: the folder it makes, or one made for it, is owner-only from here on.
  for (const line of describeTightened(makeDataDirPrivate(options.dataDir))) options.out.write(`${line}\n`);
  const db = openDatabase(join(options.dataDir, 'kiosk.sqlite'), { nativeBinding: options.sqliteBinding });
  try {
    const code = newSetupCode();
    const now = options.clock.now();
    const expiresAt = new Date(now.getTime() + SETUP_CODE_LIFETIME_MS).toISOString();
    const repo = new FacilitatorKeysRepository(db);
    db.transaction(() => {
      repo.addSetupCode(setupCodeHash(code), 'command', now.toISOString(), expiresAt);
      new AuditLog(db, () => options.clock.now()).append({ actor: 'setup command', action: 'access.setupCodeIssued', subject: null, data: { expiresAt, keysEnrolled: repo.active().length } });
    })();
    options.out.write(
      [
        `Setup code: ${code}`,
        `It works once, until ${expiresAt.slice(0, 16).replace('T', ' ')} UTC.`,
        'At the kiosk: "Unlock (facilitator)", plug in your own security key, enter this code, your name and the key\'s PIN.',
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    db.close();
  }
}
