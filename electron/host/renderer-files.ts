import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';
import { contentTypeFor } from './content-types';

export interface RendererFile {
  body: Buffer;
  contentType: string;
  /** The app's page (index.html), which a host may add to (the browser host its bridge). */
  index: boolean;
}

/**
 * Resolves a URL path inside the built renderer directory (both hosts serve it this way).
 * Anything that would leave the directory is refused; paths without a file extension fall
 * back to index.html (the app routes on the client).
 */
export async function readRendererFile(rendererDir: string, urlPath: string): Promise<RendererFile | null> {
  const root = resolve(rendererDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const candidate = resolve(root, `.${normalize(`/${decoded}`)}`);
  const inside = relative(root, candidate);
  if (inside.startsWith('..') || inside.split(sep).includes('..')) return null;

  const file = await existingFile(candidate === root ? join(root, 'index.html') : candidate);
  const target = file ?? (extname(decoded) === '' ? await existingFile(join(root, 'index.html')) : null);
  if (!target) return null;
  // A symlink inside the build must not lead out of it either.
  const real = relative(await realpath(root), await realpath(target));
  if (real.startsWith('..') || real.split(sep).includes('..')) return null;

  return { body: await readFile(target), contentType: contentTypeFor(target), index: target === join(root, 'index.html') };
}

async function existingFile(path: string): Promise<string | null> {
  try {
    return (await stat(path)).isFile() ? path : null;
  } catch {
    return null;
  }
}
