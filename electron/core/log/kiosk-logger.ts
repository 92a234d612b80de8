import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { REDACTED, redactPaths } from './log-redaction';
import { RotatingFile } from './rotating-file';

export interface KioskLogOptions {
  /** The kiosk's data directory; the log is `<dataDir>/logs/kiosk.log`. */
  dataDir: string;
  /** Also write every line to stderr (the web host, and Electron when not packaged). */
  stderr?: boolean;
  /** Size at which the file is rotated (default 5 MB). */
  maxBytes?: number;
  /** Rotated files kept besides the current one (default 4). */
  keep?: number;
}

export interface KioskLogger {
  logger: Logger;
  /** Where the current log file is, for the status screen. */
  path: string;
  close(): void;
}

const MAX_BYTES = 5 * 1024 * 1024;
const KEEP = 4;

export function logFilePath(dataDir: string): string {
  return join(dataDir, 'logs', 'kiosk.log');
}

/** The kiosk's one pino logger: JSON lines with ISO times, secrets redacted by path. */
export function createKioskLogger(options: KioskLogOptions): KioskLogger {
  const file = new RotatingFile({ path: logFilePath(options.dataDir), maxBytes: options.maxBytes ?? MAX_BYTES, keep: options.keep ?? KEEP });
  const destination = options.stderr ? pino.multistream([{ stream: file }, { stream: process.stderr }]) : file;
  const logger = pino(
    {
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: REDACTED },
    },
    destination,
  );
  return { logger, path: file.path, close: () => file.close() };
}
