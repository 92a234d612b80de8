import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromiumPdfRenderer } from '../../../electron/core/print/chromium/chromium-pdf-renderer';
import { addPdfQueue, ensureCups, type PdfQueue } from './cups-queue';

export interface PrintRig {
  /** The test's own cups-pdf queues, by the names it asked for. */
  queues: Record<string, PdfQueue>;
  /** One warm Chromium for the test file, its private folder under `tempRoot`. */
  renderer: ChromiumPdfRenderer;
  tempRoot: string;
  close(): Promise<void>;
}

/**
 * What a print test through real CUPS needs: CUPS running, cups-pdf queues of its own, and one
 * kept-warm renderer whose folder is the test's; `close` takes all of it away again.
 */
export async function printRig(prefix: string, queueNames: readonly string[]): Promise<PrintRig> {
  await ensureCups();
  const queues = Object.fromEntries(queueNames.map((name) => [name, addPdfQueue(name)]));
  const tempRoot = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const renderer = new ChromiumPdfRenderer({ tempRoot });
  return {
    queues,
    renderer,
    tempRoot,
    async close() {
      await renderer.close();
      for (const queue of Object.values(queues)) queue.remove();
      rmSync(tempRoot, { recursive: true, force: true });
    },
  };
}
