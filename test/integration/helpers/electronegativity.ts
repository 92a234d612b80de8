import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const root = join(import.meta.dirname, '..', '..', '..');
/** Its own folder and lockfile: the scanner's old dependencies never enter the app's tree. */
export const scannerDir = join(root, 'tools', 'electronegativity');

export const scannerVersion = z
  .object({ dependencies: z.object({ '@doyensec/electronegativity': z.string().regex(/^\d+\.\d+\.\d+$/) }) })
  .parse(JSON.parse(readFileSync(join(scannerDir, 'package.json'), 'utf8'))).dependencies['@doyensec/electronegativity'];

/** The Electron the app is built with: the scanner's version-dependent checks use it. */
export function electronVersion(): string {
  const manifest = z.object({ devDependencies: z.object({ electron: z.string() }) }).parse(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
  const version = /\d+\.\d+\.\d+/.exec(manifest.devDependencies.electron)?.[0];
  if (!version) throw new Error(`package.json's electron range "${manifest.devDependencies.electron}" names no version`);
  return version;
}

/** `npm ci` into the scanner's folder once; later runs reuse its (git-ignored) node_modules. */
export function installScanner(): void {
  const installed = join(scannerDir, 'node_modules', '@doyensec', 'electronegativity', 'package.json');
  if (existsSync(installed) && z.object({ version: z.string() }).parse(JSON.parse(readFileSync(installed, 'utf8'))).version === scannerVersion) return;
  // --ignore-scripts: only es5-ext has an install script, and it only prints a message.
  execFileSync('npm', ['ci', '--prefix', scannerDir, '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: root, stdio: 'pipe', timeout: 300_000 });
}

export const severities = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'] as const;
export type Severity = (typeof severities)[number];

const findingRow = z.object({
  issue: z.string().regex(/^[A-Z0-9_]+$/),
  severity: z.enum(severities),
  confidence: z.enum(['TENTATIVE', 'FIRM', 'CERTAIN']),
  // Relative to the scanned folder, or N/A for a finding about the whole app.
  filename: z.string().min(1),
  location: z.string().regex(/^\d+:\d+$/),
  sample: z.string(),
  description: z.string().min(1),
  url: z.url(),
});
export type Finding = z.infer<typeof findingRow>;

const summaryLine = z.object({
  findings: z.number().int().nonnegative(),
  unparsed: z.array(z.object({ file: z.string(), message: z.string() })),
});

export interface Scan {
  findings: Finding[];
  /** How many findings the scanner's runner returned (the report must hold them all). */
  reported: number;
  /** Files the scanner could not parse: their findings would be missing. */
  unparsed: { file: string; message: string }[];
}

/** Scans `input` (the project root) through tools/electronegativity/scan.mjs and reads its JSON report. */
export function scan(input: string): Scan {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-electronegativity-'));
  try {
    const report = join(dir, 'report.json');
    const stdout = execFileSync(process.execPath, [join(scannerDir, 'scan.mjs'), input, report, electronVersion()], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 240_000,
    });
    const summary = /^electronegativity-summary (.*)$/m.exec(stdout)?.[1];
    if (!summary) throw new Error(`the scanner printed no summary:\n${stdout}`);
    const { findings: reported, unparsed } = summaryLine.parse(JSON.parse(summary));
    const rows: unknown = JSON.parse(readFileSync(report, 'utf8'));
    return { findings: z.array(findingRow).parse(rows), reported, unparsed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
