import { join } from 'node:path';
import pino, { type DestinationStream, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { REDACTED, redactPaths } from './log-redaction';
import { RotatingFile } from './rotating-file';

/** Where the log's terminal copy goes: a TTY gets readable lines, anything else the file's JSON. */
export type LogTerminal = NodeJS.WritableStream & { isTTY?: boolean };

export interface KioskLogOptions {
  /** The kiosk's data directory; the log is `<dataDir>/logs/kiosk.log`. */
  dataDir: string;
  /** Also write every line to stderr (the web host, and Electron when not packaged). */
  stderr?: boolean;
  /** That terminal copy's stream: process.stderr unless a test hands in its own. */
  terminal?: LogTerminal;
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

/**
 * The kiosk's one pino logger: JSON lines with ISO times in the file, secrets redacted by path.
 * Its terminal copy is pino-pretty's one line per event when a person reads it (a TTY), next to
 * the address the web host prints, and the same JSON when piped. pino redacts before it hands a
 * line to any stream, so both copies are redacted alike.
 */
export function createKioskLogger(options: KioskLogOptions): KioskLogger {
  const file = new RotatingFile({ path: logFilePath(options.dataDir), maxBytes: options.maxBytes ?? MAX_BYTES, keep: options.keep ?? KEEP });
  const destination = options.stderr ? pino.multistream([{ stream: file }, { stream: terminalStream(options.terminal ?? process.stderr) }]) : file;
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

/**
 * Formatted in this thread as each line is written (pino-pretty's formatter, not its transport
 * stream, which would need a worker or lose lines at exit): what reaches the terminal is what
 * reached the file.
 */
function terminalStream(terminal: LogTerminal): DestinationStream {
  if (!terminal.isTTY) return terminal;
  const format = prettyFactory({ colorize: !process.env.NO_COLOR, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true });
  return { write: (line: string) => terminal.write(format(line)) };
}
