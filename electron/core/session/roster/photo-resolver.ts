import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Roster photos are shown on the badge-check screen; anything larger is not a badge photo. */
export const PHOTO_MAX_BYTES = 1024 * 1024;

function mimeOf(bytes: Buffer): string | null {
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

interface Cached {
  mtimeMs: number;
  size: number;
  url: string | null;
}

/**
 * Resolves a roster's photo file name inside the configured photos directory to a data: URL.
 * A missing, oversized or non-image file gives null: the check-in goes on without a photo.
 * The type comes from the file's bytes, not its name. Results are cached per file until it changes,
 * because the board asks for every attendee's photo each time it is drawn.
 */
export class PhotoResolver {
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly dir: string | undefined) {}

  dataUrl(file: string | null): string | null {
    if (!this.dir || !file || basename(file) !== file || file === '.' || file === '..') return null;
    const path = join(this.dir, file);
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return null;
    }
    try {
      const stat = fstatSync(fd);
      const cached = this.cache.get(path);
      if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.url;
      let url: string | null = null;
      if (stat.isFile() && stat.size > 0 && stat.size <= PHOTO_MAX_BYTES) {
        const bytes = Buffer.alloc(stat.size);
        readSync(fd, bytes, 0, stat.size, 0);
        const mime = mimeOf(bytes);
        url = mime ? `data:${mime};base64,${bytes.toString('base64')}` : null;
      }
      this.cache.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, url });
      return url;
    } finally {
      closeSync(fd);
    }
  }
}
