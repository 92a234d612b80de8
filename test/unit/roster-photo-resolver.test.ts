import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PHOTO_MAX_BYTES, PhotoResolver } from '../../electron/core/session/roster/photo-resolver';

const PNG_HEADER = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_HEADER = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-photos-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('roster photo resolver', () => {
  it('returns PNG and JPEG files as data: URLs typed by their bytes, not their names', () => {
    writeFileSync(join(dir, 'a.png'), Buffer.concat([PNG_HEADER, Buffer.from('rest')]));
    writeFileSync(join(dir, 'b.png'), Buffer.concat([JPEG_HEADER, Buffer.from('rest')]));
    const photos = new PhotoResolver(dir);
    expect(photos.dataUrl('a.png')).toBe(`data:image/png;base64,${Buffer.concat([PNG_HEADER, Buffer.from('rest')]).toString('base64')}`);
    expect(photos.dataUrl('b.png')?.startsWith('data:image/jpeg;base64,')).toBe(true);
  });

  it('gives null, not an error, for a missing file, no photos directory, a non-image, an empty or oversized file', () => {
    writeFileSync(join(dir, 'text.png'), 'not an image');
    writeFileSync(join(dir, 'empty.png'), '');
    writeFileSync(join(dir, 'huge.png'), Buffer.concat([PNG_HEADER, Buffer.alloc(PHOTO_MAX_BYTES)]));
    const photos = new PhotoResolver(dir);
    expect(photos.dataUrl('missing.png')).toBeNull();
    expect(photos.dataUrl(null)).toBeNull();
    expect(photos.dataUrl('text.png')).toBeNull();
    expect(photos.dataUrl('empty.png')).toBeNull();
    expect(photos.dataUrl('huge.png')).toBeNull();
    expect(new PhotoResolver(undefined).dataUrl('a.png')).toBeNull();
  });

  it('never leaves the photos directory', () => {
    writeFileSync(join(dir, 'secret.png'), PNG_HEADER);
    const photos = new PhotoResolver(join(dir, 'photos'));
    expect(photos.dataUrl('../secret.png')).toBeNull();
    expect(photos.dataUrl('..')).toBeNull();
  });

  it('sees a replaced file instead of serving the old one from its cache', () => {
    const photos = new PhotoResolver(dir);
    writeFileSync(join(dir, 'p.png'), 'not yet');
    expect(photos.dataUrl('p.png')).toBeNull();
    writeFileSync(join(dir, 'p.png'), Buffer.concat([PNG_HEADER, Buffer.from('now an image')]));
    expect(photos.dataUrl('p.png')?.startsWith('data:image/png')).toBe(true);
  });
});
