#!/usr/bin/env node
// `npm run bench`: runs every test/bench/*.bench.ts in its own process (with tsx), then prints
// ONE JSON object {machine, results: {<file>: {...}}} to stdout and writes it to
// test-results/bench.json. Benches' own output goes to stderr so stdout stays one JSON object.
// Builds nothing: benches that need the built app say so when out/ is missing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const benchDir = join(root, 'test', 'bench');
const only = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((want) => name.includes(want)))
  .sort();

const scratch = mkdtempSync(join(tmpdir(), 'kiosk-bench-'));
const results = {};
let failed = 0;
for (const file of files) {
  const out = join(scratch, `${file}.json`);
  const started = Date.now();
  process.stderr.write(`bench: ${file} ...\n`);
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, 'run-one.mjs'), join(benchDir, file), out], {
    cwd: root,
    stdio: ['ignore', 2, 2],
    timeout: 15 * 60_000,
  });
  const seconds = Number(((Date.now() - started) / 1000).toFixed(1));
  if (child.status === 0) {
    results[file] = JSON.parse(readFileSync(out, 'utf8'));
    process.stderr.write(`bench: ${file} done in ${seconds} s\n`);
  } else {
    failed += 1;
    results[file] = { error: `exited with ${child.status ?? child.signal} after ${seconds} s (see stderr above)` };
    process.stderr.write(`bench: ${file} FAILED\n`);
  }
}
rmSync(scratch, { recursive: true, force: true });

const cpuList = cpus();
const report = {
  machine: {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model ?? 'unknown',
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
  },
  results,
};
mkdirSync(join(root, 'test-results'), { recursive: true });
writeFileSync(join(root, 'test-results', 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.exit(failed === 0 ? 0 : 1);
