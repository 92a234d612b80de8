import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { message } from '../../../shared/contract/messages';
import { printFailed } from '../ports/printer';
import { runCommand } from './cups/run-command';

export interface ChromiumPdfOptions {
  /** Default: KIOSK_CHROMIUM, else Debian's /usr/bin/chromium. */
  chromium?: string;
  /** Where the private folder is made; default: see privateTempRoot. */
  tempRoot?: string;
  /** Default 60 s: a cold start on a busy two-core kiosk takes several seconds. */
  timeoutMs?: number;
}

/**
 * HTML → PDF with headless Chromium, for the hosts without Electron.
 *
 * What touches disk, and for how long: one private folder (mode 0700, made by mkdtemp) holds
 * the HTML, the PDF Chromium writes, and Chromium's throwaway profile (HOME and the XDG
 * folders point there too, so nothing lands in the kiosk user's home). It lives only while
 * Chromium runs plus the moment it takes to read the PDF back, a few seconds, and is removed
 * in a finally, on failure and timeout too. The folder is made under $XDG_RUNTIME_DIR where it
 * exists (a RAM-backed tmpfs on systemd systems, so the codes never reach a disk at all), else
 * under the system temp folder.
 */
export async function htmlToPdfWithChromium(html: string, options: ChromiumPdfOptions = {}): Promise<Uint8Array> {
  const chromium = options.chromium ?? process.env.KIOSK_CHROMIUM ?? '/usr/bin/chromium';
  const timeoutMs = options.timeoutMs ?? 60_000;
  const dir = await mkdtemp(join(options.tempRoot ?? privateTempRoot(), 'kiosk-print-'));
  try {
    const htmlPath = join(dir, 'document.html');
    const pdfPath = join(dir, 'document.pdf');
    await writeFile(htmlPath, html, { mode: 0o600, flag: 'wx' });
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-extensions',
      '--disable-sync',
      '--no-first-run',
      '--no-default-browser-check',
      '--no-pdf-header-footer',
      `--user-data-dir=${join(dir, 'profile')}`,
      `--print-to-pdf=${pdfPath}`,
      pathToFileURL(htmlPath).href,
    ];
    const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_CACHE_HOME: dir, XDG_DATA_HOME: dir };
    let result;
    try {
      result = await runCommand(chromium, args, { timeoutMs, env });
    } catch {
      throw printFailed('renderFailed', message('print.chromiumMissing', { path: chromium }));
    }
    if (result.timedOut) throw printFailed('renderFailed', message('print.chromiumTimeout', { path: chromium, seconds: timeoutMs / 1000 }));
    // Chromium's stderr is not passed on: it is noise (D-Bus) at best, and it could echo the page.
    const pdf = result.code === 0 ? await readFile(pdfPath).catch(() => null) : null;
    if (!pdf || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
      throw printFailed('renderFailed', message('print.chromiumFailed', { path: chromium, exit: String(result.code ?? result.signal) }));
    }
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** A print folder older than this belongs to a print that ended without its cleanup (a crash). */
const STALE_AFTER_MS = 5 * 60_000;

/**
 * Removes print folders a crashed kiosk left behind (the finally above never ran), so a sheet's
 * HTML does not outlive the crash. Folders younger than a print's longest run are left alone:
 * they may belong to a print in progress. Returns how many were removed.
 */
export async function removeStalePrintFolders(root: string = privateTempRoot(), now: number = Date.now()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(root).catch(() => [] as string[])) {
    if (!/^kiosk-print-[A-Za-z0-9]{6}$/.test(name)) continue;
    const path = join(root, name);
    const info = await stat(path).catch(() => null);
    if (!info?.isDirectory() || now - info.mtimeMs < STALE_AFTER_MS) continue;
    await rm(path, { recursive: true, force: true, maxRetries: 3 });
    removed += 1;
  }
  return removed;
}

/** $XDG_RUNTIME_DIR (per user, 0700, usually tmpfs) where it exists, else the system temp folder. */
export function privateTempRoot(): string {
  const runtime = process.env.XDG_RUNTIME_DIR;
  return runtime && existsSync(runtime) ? runtime : tmpdir();
}
