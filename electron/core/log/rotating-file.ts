import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RotatingFileOptions {
  /** The file written now; older ones are `<path>.1` (newest) … `<path>.<keep>`. */
  path: string;
  /** A file is rotated before a line would take it past this size. */
  maxBytes: number;
  /** How many rotated files are kept besides the current one. */
  keep: number;
}

/**
 * A size-based rotating log file that pino writes to as its destination. Written with
 * synchronous appends: a line is on disk when the log call returns, so a crash right after
 * an error still leaves the error in the file, and nothing runs in a worker thread (which a
 * bundled, asar-packed Electron main process cannot load by file path). The file keeps its
 * name across rotations, so the status screen can name one path.
 */
export class RotatingFile {
  private fd: number | null;
  private size: number;

  constructor(private readonly options: RotatingFileOptions) {
    // The log names attendees and keys: readable by the kiosk's own account only.
    mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 });
    this.fd = openSync(options.path, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  get path(): string {
    return this.options.path;
  }

  write(line: string): void {
    if (this.fd === null) return;
    const bytes = Buffer.from(line, 'utf8');
    try {
      if (this.size > 0 && this.size + bytes.length > this.options.maxBytes) this.rotate();
      if (this.fd !== null) this.size += writeSync(this.fd, bytes);
    } catch {
      // A full disk or a log folder removed under us must not fail the call being logged;
      // the line is lost, and the next one tries again.
    }
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }

  /** Shifts `<path>.n` to `<path>.n+1`, dropping the oldest, then starts an empty current file. */
  private rotate(): void {
    const { path, keep } = this.options;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(`${path}.${keep}`, { force: true });
    for (let n = keep - 1; n >= 1; n -= 1) {
      if (existsSync(`${path}.${n}`)) renameSync(`${path}.${n}`, `${path}.${n + 1}`);
    }
    if (keep > 0) renameSync(path, `${path}.1`);
    else rmSync(path, { force: true });
    this.fd = openSync(path, 'a', 0o600);
    this.size = 0;
  }
}
