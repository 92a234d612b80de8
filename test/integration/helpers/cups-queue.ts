import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real CUPS print queue for the tests: cupsd (started here when it is not running) with the
 * cups-pdf backend, whose "paper" is a PDF file the test reads back. Needs root, as cupsd,
 * lpadmin and the cups-pdf backend do. Where the Debian packages (cups,
 * printer-driver-cups-pdf, poppler-utils) are missing, cupsMissing() says so and the tests
 * skip (not in CI); once they are installed, anything that keeps CUPS from working fails.
 */

const cupsd = '/usr/sbin/cupsd';
const cupsPdfBackend = '/usr/lib/cups/backend/cups-pdf';
const cupsPdfModel = 'lsb/usr/cups-pdf/CUPS-PDF_opt.ppd';
/** Inside cups-pdf's own spool folder, which Debian's AppArmor profile lets the backend write. */
const outputRoot = '/var/spool/cups-pdf/kiosk-test';
const cupsSpool = '/var/spool/cups';

const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
const run = (command: string, args: string[]) => spawnSync(command, args, { encoding: 'utf8', env, timeout: 30_000 });

/**
 * Why the print tests must skip here, or null when they run. In CI (CI=true) they always run:
 * .ci/run installs the packages, so one missing there fails in ensureCups instead.
 */
export function cupsMissing(): string | null {
  return process.env.CI ? null : missingPackages();
}

function missingPackages(): string | null {
  const needed = [cupsd, cupsPdfBackend, '/usr/sbin/lpadmin', '/usr/bin/lp', '/usr/bin/pdftotext', '/usr/bin/pdftoppm'];
  const missing = needed.filter((path) => !existsSync(path));
  return missing.length === 0 ? null : `not installed: ${missing.join(', ')} (Debian: apt install cups cups-client printer-driver-cups-pdf poppler-utils)`;
}

function schedulerRunning(): boolean {
  return /^scheduler is running/m.test(run('lpstat', ['-r']).stdout ?? '');
}

async function waitFor(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Starts cupsd when it is not running (it forks into the background by itself) and tells it
 * not to keep job files after printing: the setting the README asks of every kiosk, so the
 * tests can show that no copy of a sheet stays in CUPS's spool either.
 */
export async function ensureCups(): Promise<void> {
  const missing = missingPackages();
  if (missing) throw new Error(`The print tests need CUPS with cups-pdf: ${missing}`);
  if (process.getuid?.() !== 0) throw new Error('The print tests need root: they start cupsd and add CUPS queues with lpadmin. Run them as root (CI does).');
  // Test files run in parallel workers: one at a time starts cupsd or restarts it with cupsctl.
  await withLock(async () => {
    if (!schedulerRunning()) {
      const started = run(cupsd, []);
      if (started.status !== 0) throw new Error(`cupsd would not start (exit ${started.status}): ${started.stderr}`);
      await waitFor('cupsd to say "scheduler is running" (lpstat -r)', schedulerRunning, 20_000);
    }
    if (!/^PreserveJobFiles=No$/m.test(run('cupsctl', []).stdout ?? '')) {
      const set = run('cupsctl', ['PreserveJobFiles=No']);
      if (set.status !== 0) throw new Error(`cupsctl PreserveJobFiles=No failed: ${set.stderr}`);
      // cupsctl restarts the scheduler to apply it.
      await waitFor('cupsd to come back after cupsctl', schedulerRunning, 20_000);
    }
  });
}

/** mkdir is atomic: the worker that makes the folder holds the lock; one left by a killed run expires. */
async function withLock(work: () => Promise<void>): Promise<void> {
  const lock = join(tmpdir(), 'kiosk-test-cups.lock');
  const staleMs = 60_000;
  await waitFor(`the CUPS setup lock ${lock}`, () => {
    try {
      mkdirSync(lock);
      return true;
    } catch {
      const made = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - made > staleMs) rmSync(lock, { recursive: true, force: true });
      return false;
    }
  }, 90_000);
  try {
    await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface PdfQueue {
  name: string;
  /** Resolves with the path of the PDF cups-pdf wrote for this job, once CUPS calls it completed. */
  waitForPdf(jobId: string, timeoutMs?: number): Promise<string>;
  remove(): void;
}

/**
 * Adds a cups-pdf queue of its own. Its device URI cups-pdf:/NAME makes the backend read
 * /etc/cups/cups-pdf-NAME.conf instead of cups-pdf.conf (whose ${HOME}/PDF would be root's
 * home): one folder per queue, each file named after its job number. pdftocairo turns the job into PostScript for cups-pdf:
 * the default renderer turns text into Type 3 glyphs that pdftotext cannot read back.
 */
export function addPdfQueue(name: string): PdfQueue {
  const out = join(outputRoot, name);
  const conf = `/etc/cups/cups-pdf-${name}.conf`;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true, mode: 0o700 });
  writeFileSync(conf, `Out ${out}\nLabel 2\nTitlePref 1\n`);
  execFileSync('lpadmin', ['-p', name, '-E', '-v', `cups-pdf:/${name}`, '-m', cupsPdfModel, '-o', 'pdftops-renderer-default=pdftocairo'], { env, timeout: 30_000, stdio: 'pipe' });
  return {
    name,
    async waitForPdf(jobId, timeoutMs = 60_000) {
      const number = /-(\d+)$/.exec(jobId)?.[1];
      if (!number) throw new Error(`Not a CUPS job id: ${jobId}`);
      const completed = () => (run('lpstat', ['-W', 'completed', '-o', name]).stdout ?? '').split('\n').some((line) => line.startsWith(`${jobId} `));
      const file = () => readdirSync(out).find((entry) => entry.endsWith(`-job_${number}.pdf`));
      await waitFor(`job ${jobId} to be printed by cups-pdf into ${out}`, () => completed() && file() !== undefined, timeoutMs);
      return join(out, file()!);
    },
    remove() {
      run('cancel', ['-a', name]);
      run('lpadmin', ['-x', name]);
      rmSync(conf, { force: true });
      rmSync(out, { recursive: true, force: true });
    },
  };
}

/** CUPS's own copy of a job's document (d00012-001), which PreserveJobFiles=No removes after printing. */
export function spooledDocument(jobId: string): string {
  const number = Number(/-(\d+)$/.exec(jobId)?.[1]);
  return join(cupsSpool, `d${String(number).padStart(5, '0')}-001`);
}
