import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';
import { contentTypeFor } from './content-types';

/** The browser bridge's built file name (a fixed-name entry of the renderer build). */
export const webBridgeScript = '/web-bridge.js';

export interface RendererFile {
  body: Buffer;
  contentType: string;
}

/**
 * Puts the browser bridge in front of the app's own module script, so `window.kiosk` exists
 * before the app's first line runs (module scripts execute in document order).
 */
export function injectWebBridge(html: string): string {
  const tag = `<script type="module" src="${webBridgeScript}"></script>`;
  const appScript = html.search(/<script\b[^>]*type=["']?module["']?/i);
  if (appScript >= 0) return `${html.slice(0, appScript)}${tag}\n    ${html.slice(appScript)}`;
  const headEnd = html.search(/<\/head>/i);
  if (headEnd >= 0) return `${html.slice(0, headEnd)}${tag}\n  ${html.slice(headEnd)}`;
  return `${tag}\n${html}`;
}

/**
 * Resolves a URL path inside the built renderer directory (both hosts serve it this way; only
 * the web host injects its bridge). Anything that would leave the
 * directory is refused; paths without a file extension fall back to index.html (the app
 * routes on the client).
 */
export async function readRendererFile(
  rendererDir: string,
  urlPath: string,
  options: { injectBridge: boolean },
): Promise<RendererFile | null> {
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

  const body = await readFile(target);
  const isIndex = target === join(root, 'index.html');
  return {
    body: isIndex && options.injectBridge ? Buffer.from(injectWebBridge(body.toString('utf8')), 'utf8') : body,
    contentType: contentTypeFor(target),
  };
}

async function existingFile(path: string): Promise<string | null> {
  try {
    return (await stat(path)).isFile() ? path : null;
  } catch {
    return null;
  }
}
