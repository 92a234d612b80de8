import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { PageSize, PdfRenderer } from '../../electron/core/ports/pdf-renderer';
import { ChromiumPdfRenderer } from '../../electron/core/print/chromium/chromium-pdf-renderer';
import { runCommand } from '../../electron/core/print/cups/run-command';
import { queueState } from '../../electron/core/print/cups/queue-status';
import { PrintService } from '../../electron/core/print/print-service';
import { addPdfQueue, cupsMissing, ensureCups, type PdfQueue } from '../integration/helpers/cups-queue';
import { sampleSheet } from '../fixtures/sample-documents';

/**
 * Printing for `npm run bench`: the button-to-CUPS hand-off, timed from the call of
 * PrintService.printRecoverySheet() to `lp` having accepted the job (its request id), through a
 * real cups-pdf queue with a ten-code A4 sheet:
 * - warm: prints with the one headless Chromium kept open (the target: at most 500 ms);
 * - cold: the first print of a fresh renderer, Chromium starting with it;
 * - peer: the way before, a headless Chromium started per document (--print-to-pdf, the HTML
 *   and the PDF in a private folder), in the same run against the same queue.
 * Between samples the bench waits, untimed, for cups-pdf to finish the job, so CUPS's filters
 * do not compete with the next sample for this machine's two cores. The warm print's parts
 * (its one lpstat, the render) are timed apart; lp is the rest. A cold print is also what the
 * kiosk's first print costs when it comes before the host's warm-up (5 s after start).
 */
const WARM = 20;
const COLD = 3;
const PEER = 5;
const TARGET_MS = 500;
const SETTLE_MS = 3_000;

const sheet = sampleSheet;

const round = (ms: number) => Number(ms.toFixed(1));
function stats(samples: number[]): { p50: number; p90: number; max: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  return { p50: round(at(50)), p90: round(at(90)), max: round(at(100)), mean: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length) };
}

/** Records how long each render takes, around the renderer being measured. */
class TimedRenderer implements PdfRenderer {
  readonly renderMs: number[] = [];
  constructor(private readonly inner: PdfRenderer) {}
  async render(html: string, page: PageSize): Promise<Uint8Array> {
    const started = performance.now();
    try {
      return await this.inner.render(html, page);
    } finally {
      this.renderMs.push(performance.now() - started);
    }
  }
  warmUp(): Promise<void> {
    return this.inner.warmUp();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** The peer: what the kiosk did before, one headless Chromium per document writing the PDF to a private folder. */
class PerDocumentChromium implements PdfRenderer {
  constructor(private readonly chromium: string) {}
  async render(html: string): Promise<Uint8Array> {
    const dir = await mkdtemp(join(tmpdir(), 'kiosk-bench-peer-'));
    try {
      const htmlPath = join(dir, 'document.html');
      const pdfPath = join(dir, 'document.pdf');
      await writeFile(htmlPath, html, { mode: 0o600 });
      const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-extensions', '--disable-sync', '--no-first-run', '--no-default-browser-check', '--no-pdf-header-footer', `--user-data-dir=${join(dir, 'profile')}`, `--print-to-pdf=${pdfPath}`, pathToFileURL(htmlPath).href];
      const result = await runCommand(this.chromium, args, { timeoutMs: 60_000, env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_CACHE_HOME: dir, XDG_DATA_HOME: dir } });
      if (result.code !== 0) throw new Error(`the peer's Chromium exited with ${result.code ?? result.signal}`);
      return new Uint8Array(await readFile(pdfPath));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  async warmUp(): Promise<void> {}
  async close(): Promise<void> {}
}

/** Times `count` prints through `service`, each from the call to lp's request id; waits for cups-pdf in between (untimed). */
async function handOffs(service: PrintService, queue: PdfQueue, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const { jobId } = await service.printRecoverySheet(sheet);
    samples.push(performance.now() - started);
    await queue.waitForPdf(jobId);
  }
  return samples;
}

export default async function bench(): Promise<Record<string, unknown>> {
  const missing = cupsMissing() ?? (process.getuid?.() === 0 ? null : 'needs root: it starts cupsd and adds a CUPS queue with lpadmin');
  if (missing) return { skipped: missing };
  await ensureCups();
  const chromium = process.env.KIOSK_CHROMIUM ?? '/usr/bin/chromium';
  const queue = addPdfQueue('kiosk-bench-sheet');
  const tempRoot = mkdtempSync(join(tmpdir(), 'kiosk-bench-print-'));
  const config = { sheet: { queue: queue.name, paper: 'A4' as const }, label: { queue: queue.name, size: '62x100mm' as const } };
  try {
    const cold: number[] = [];
    for (let i = 0; i < COLD; i += 1) {
      const service = new PrintService({ renderer: new ChromiumPdfRenderer({ tempRoot }), config, mode: 'production' });
      try {
        cold.push(...(await handOffs(service, queue, 1)));
      } finally {
        await service.close();
      }
    }

    const timed = new TimedRenderer(new ChromiumPdfRenderer({ tempRoot }));
    const warmService = new PrintService({ renderer: timed, config, mode: 'production' });
    let warm: number[];
    const lpstatMs: number[] = [];
    try {
      await warmService.warmUp();
      // A kiosk warms its printing seconds after it starts and prints minutes later: Chromium's own start-up work is over by then.
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      warm = await handOffs(warmService, queue, WARM);
      for (let i = 0; i < WARM; i += 1) {
        const started = performance.now();
        await queueState(queue.name);
        lpstatMs.push(performance.now() - started);
      }
    } finally {
      await warmService.close();
    }

    const peer = await handOffs(new PrintService({ renderer: new PerDocumentChromium(chromium), config, mode: 'production' }), queue, PEER);

    const warmStats = stats(warm);
    const peerStats = stats(peer);
    const renderStats = stats(timed.renderMs);
    const lpstatStats = stats(lpstatMs);
    return {
      handOff: {
        from: 'PrintService.printRecoverySheet() called',
        to: 'lp accepted the job (request id)',
        document: 'recovery sheet, A4, ten codes',
        queue: 'cups-pdf',
        targetMs: TARGET_MS,
        warm: { runs: WARM, ms: warmStats, withinTarget: warmStats.p90 <= TARGET_MS, samplesMs: warm.map(round) },
        warmParts: { lpstatMs: lpstatStats, renderMs: renderStats, lpAndRestP50Ms: round(warmStats.p50 - lpstatStats.p50 - renderStats.p50) },
        coldFirstPrint: { runs: COLD, ms: stats(cold), samplesMs: cold.map(round) },
        peerChromiumPerDocument: { runs: PEER, ms: peerStats },
        ratioP50PeerToWarm: Number((peerStats.p50 / warmStats.p50).toFixed(1)),
      },
    };
  } finally {
    queue.remove();
    rmSync(tempRoot, { recursive: true, force: true });
  }
}
