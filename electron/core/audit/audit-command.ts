import { closeSync, existsSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { englishText, message } from '../../../shared/contract/messages';
import type { Clock } from '../ports/clock';
import type { SecretStore } from '../ports/secret-store';
import { AuditLog } from '../store/audit-log';
import { openDatabase } from '../store/open-database';
import { exportAuditRange } from './audit-export';
import { verifyAuditExport } from './audit-export-verify';
import { loadKioskSigningKey } from './kiosk-signing-key';

export const AUDIT_USAGE = [
  'Usage: audit export [--from WHEN] [--to WHEN] --out FILE   sign the audit events from --from up to --to and write them to FILE',
  '       audit verify FILE [--public-key KEY]                 exit 0 when the export verifies, 1 naming the first event that does not',
  'WHEN is a day (2026-03-01: --from its start, --to its end, UTC) or an instant (2026-03-01T09:30:00Z); without --from the export',
  'starts at the first event, without --to it ends now. KEY is the kiosk\'s fingerprint as its status screen shows it (SHA256:...),',
  'or its public key (base64 or PEM, or a file holding it).',
].join('\n');

/** The options `audit` takes besides --data-dir, for the host's command-line parser. */
export const auditOptions = { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, 'public-key': { type: 'string' } } as const;
export type AuditCommandOptions = Partial<Record<keyof typeof auditOptions, string>>;

export interface AuditCommandDeps {
  dataDir: string;
  sqliteBinding?: string;
  clock: Clock;
  /** Opened only by `export`: verifying needs nothing of the kiosk's. */
  secrets: () => SecretStore;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

class AuditUsageError extends Error {}

/**
 * `audit export` and `audit verify` at the terminal, for IT. Returns the exit code: 0 done or
 * verified, 1 the export does not verify (the first event that does not match is named), 2 a
 * mistake on the command line or a file that cannot be read or written.
 */
export async function runAuditCommand(words: readonly string[], options: AuditCommandOptions, deps: AuditCommandDeps): Promise<number> {
  try {
    const [action, file, ...extra] = words;
    if (action === 'export' && file === undefined) return await exportCommand(options, deps);
    if (action === 'verify' && file !== undefined && extra.length === 0) return verifyCommand(file, options, deps);
    throw new AuditUsageError(AUDIT_USAGE);
  } catch (error) {
    if (!(error instanceof AuditUsageError)) throw error;
    deps.stderr.write(`${error.message}\n`);
    return 2;
  }
}

async function exportCommand(options: AuditCommandOptions, deps: AuditCommandDeps): Promise<number> {
  if (options['public-key'] !== undefined) throw new AuditUsageError(`--public-key belongs to "audit verify".\n${AUDIT_USAGE}`);
  if (!options.out) throw new AuditUsageError(`"audit export" needs --out FILE: where to write the export.\n${AUDIT_USAGE}`);
  const from = options.from === undefined ? new Date(0) : instant(options.from, 'from');
  const to = options.to === undefined ? deps.clock.now() : instant(options.to, 'to');
  if (to <= from) throw new AuditUsageError(englishText(message('audit.rangeReversed', { from: from.toISOString(), to: to.toISOString() })));
  const dbFile = join(deps.dataDir, 'kiosk.sqlite');
  if (!existsSync(dbFile)) throw new AuditUsageError(`There is no kiosk data in ${deps.dataDir} (no kiosk.sqlite). Give the kiosk's data folder with --data-dir or KIOSK_DATA_DIR.`);
  const key = await loadKioskSigningKey(deps.secrets());
  // Claimed before anything is exported: an existing file is never overwritten, and no export is
  // audited that could not be written.
  let fd: number;
  try {
    fd = openSync(options.out, 'wx', 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AuditUsageError(code === 'EEXIST' ? `${options.out} exists already; nothing was written. Choose a new file name.` : `${options.out} cannot be written (${code ?? (error as Error).message}).`);
  }
  const db = openDatabase(dbFile, { nativeBinding: deps.sqliteBinding });
  try {
    const audit = new AuditLog(db, () => deps.clock.now());
    // Beside a running kiosk: the write lock is taken first, so the range read and the event
    // appended after it cannot interleave with the kiosk's own appends.
    const { file, text } = db.transaction(() => exportAuditRange(audit, key, { from: from.toISOString(), to: to.toISOString(), by: 'audit command' }, deps.clock.now())).immediate();
    writeSync(fd, text);
    closeSync(fd);
    const { head } = file;
    const seqs = head.events > 0 ? ` (seq ${head.firstSeq} to ${head.lastSeq})` : '';
    deps.stdout.write(`Exported ${head.events} audit events${seqs} from ${head.range.from} to ${head.range.to} to ${options.out}.\nSigned by this kiosk's key ${head.kiosk.fingerprint}.\n`);
    return 0;
  } catch (error) {
    closeSync(fd);
    unlinkSync(options.out);
    throw error;
  } finally {
    db.close();
  }
}

function verifyCommand(path: string, options: AuditCommandOptions, deps: AuditCommandDeps): number {
  if (options.from !== undefined || options.to !== undefined || options.out !== undefined) throw new AuditUsageError(`"audit verify" takes only FILE and --public-key.\n${AUDIT_USAGE}`);
  const text = readText(path, 'The export');
  const given = options['public-key'];
  const expectedKey = given !== undefined && existsSync(given) ? readText(given, 'The public key file') : given;
  const check = verifyAuditExport(text, { expectedKey });
  if (!check.ok) {
    const at = check.seq === null ? '' : ` at event ${check.seq}`;
    deps.stdout.write(`FAILED${at} (${check.fault}): ${englishText(check.problem)}\n`);
    return 1;
  }
  const { head } = check;
  const seqs = head.events > 0 ? `seq ${head.firstSeq} to ${head.lastSeq}` : `none, after seq ${head.lastSeq}`;
  deps.stdout.write(`OK: ${head.events} events (${seqs}) from ${head.range.from} to ${head.range.to}, chain intact up to the signed head ${head.headHash}.\n`);
  deps.stdout.write(
    expectedKey === undefined
      ? `Signed by ${head.kiosk.fingerprint} (host ${head.kiosk.host}). Check that it is the one on record for this kiosk, or give that one with --public-key.\n`
      : `Signed by ${head.kiosk.fingerprint} (host ${head.kiosk.host}), the key given.\n`,
  );
  return 0;
}

/** A day alone is UTC: --from its start, --to its end (the next day's start, exclusive). */
function instant(text: string, which: 'from' | 'to'): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = new Date(`${text}T00:00:00.000Z`);
    if (!Number.isNaN(day.getTime())) return which === 'to' ? new Date(day.getTime() + 24 * 60 * 60 * 1000) : day;
  } else if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(text) && !Number.isNaN(Date.parse(text))) {
    return new Date(text);
  }
  throw new AuditUsageError(`--${which} "${text}" is neither a day (2026-03-01) nor an instant with its zone (2026-03-01T09:30:00Z).`);
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new AuditUsageError(`${what} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
}
