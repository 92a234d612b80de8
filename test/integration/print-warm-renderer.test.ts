import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChromiumPdfRenderer } from '../../electron/core/print/chromium/chromium-pdf-renderer';
import { paperSizes } from '../../electron/core/print/page-sizes';
import { isKioskError } from '../../shared/contract/errors';
import { until } from './helpers/until';

/**
 * The plain-Node PdfRenderer keeps one headless Chromium open: documents in, PDFs out, the same
 * browser print after print, no document on disk, nothing left once it is closed or killed,
 * and a new one when it has died. Real Chromium (KIOSK_CHROMIUM, else /usr/bin/chromium).
 */
const page = paperSizes.A4;
const documentWith = (words: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>@page { size: A4; margin: 20mm } body { font: 12pt sans-serif }</style></head><body><p>${words}</p></body></html>`;
/** What a person reads on the PDF's page. */
const textOf = (pdf: Uint8Array) => execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' }).replace(/\s+/g, ' ').trim();

let tempRoot: string;
let renderer: ChromiumPdfRenderer;
beforeEach(() => {
  tempRoot = mkdtempSync(join(tmpdir(), 'kiosk-print-warm-'));
  renderer = new ChromiumPdfRenderer({ tempRoot });
});
afterEach(async () => {
  await renderer.close();
  rmSync(tempRoot, { recursive: true, force: true });
});

/** Chromium's private folders under this test's temp root. */
const folders = () => readdirSync(tempRoot).filter((name) => name.startsWith('kiosk-print-'));

/** The browser process (not its helpers, which carry --type=) running in `folder`, from /proc. */
function browserPid(folder: string): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const args = (() => {
      try {
        return readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      } catch {
        return [];
      }
    })();
    if (args.includes(`--user-data-dir=${join(tempRoot, folder, 'profile')}`) && !args.some((arg) => arg.startsWith('--type='))) return Number(entry);
  }
  return null;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

describe('the warm Chromium PDF renderer', () => {
  it('makes each document with the same Chromium, writes none of them to disk, and leaves nothing once closed', async () => {
    const words = ['Amara Okafor K7QX-3MPD-W2RT', 'Jürgen Müller B9HN-4CZE-6YVA', 'Priya Raman T3GW-8KRM-2PXF'];
    const seen: { folder: string; pid: number | null }[] = [];
    for (const said of words) {
      const pdf = await renderer.render(documentWith(said), page);
      expect(textOf(pdf)).toBe(said);
      const [folder, ...others] = folders();
      expect(others).toEqual([]);
      seen.push({ folder: folder!, pid: browserPid(folder!) });
    }
    expect(new Set(seen.map((s) => s.folder)).size).toBe(1);
    expect(seen[0]!.pid).not.toBeNull();
    expect(new Set(seen.map((s) => s.pid)).size).toBe(1);

    const found = filesUnder(tempRoot).flatMap((file) => {
      const bytes = readFileSync(file);
      return words.flatMap((said) => said.split(' ')).filter((word) => bytes.includes(word)).map((word) => `${word} in ${file}`);
    });
    expect(found).toEqual([]);

    await renderer.close();
    expect(readdirSync(tempRoot)).toEqual([]);
    expect(browserPid(seen[0]!.folder)).toBeNull();
  });

  it('is started by warmUp ahead of the first document', async () => {
    await renderer.warmUp();
    const [folder] = folders();
    expect(folder).toBeDefined();
    expect(browserPid(folder!)).not.toBeNull();
    expect(textOf(await renderer.render(documentWith('ready before the first print'), page))).toBe('ready before the first print');
    expect(folders()).toEqual([folder]);
  });

  it('a Chromium that was killed takes its folder with it, and the next document starts a new one', async () => {
    await renderer.render(documentWith('first'), page);
    const [first] = folders();
    const pid = browserPid(first!);
    expect(pid).not.toBeNull();
    // Its own process group (the renderer starts it detached): the browser and its helpers go at once.
    process.kill(-pid!, 'SIGKILL');
    await until('the killed Chromium to take its folder with it', async () => !existsSync(join(tempRoot, first!)));

    expect(textOf(await renderer.render(documentWith('after the crash'), page))).toBe('after the crash');
    const [second, ...others] = folders();
    expect(others).toEqual([]);
    expect(second).not.toBe(first);
  });

  it('says renderFailed with what to do when Chromium is not there, and leaves no folder', async () => {
    const missing = new ChromiumPdfRenderer({ tempRoot, chromium: join(tempRoot, 'no-chromium-here') });
    const failure = await missing.render(documentWith('never'), page).catch((error: unknown) => error);
    expect(isKioskError(failure) && { code: failure.code, details: failure.details, says: failure.says?.reason }).toEqual({ code: 'print_failed', details: { reason: 'renderFailed' }, says: 'print.chromiumMissing' });
    await expect(missing.warmUp()).rejects.toMatchObject({ code: 'print_failed' });
    expect(readdirSync(tempRoot)).toEqual([]);
  });
});
