#!/usr/bin/env node
// `npm test`: build, typecheck, lint, vitest (unit, integration, peers), Playwright e2e; then
// one closing line counting every check: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });

const tally = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const skips = [];

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const child = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${label}: exit ${child.status ?? child.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return child.status === 0;
}

function step(label, command, args) {
  if (run(label, command, args)) tally.passed += 1;
  else {
    tally.failed += 1;
    failures.push(label);
  }
}

const npx = (bin) => join(root, 'node_modules', '.bin', bin);

step('build', npx('electron-vite'), ['build']);
step('typecheck', npx('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
step('lint', npx('eslint'), ['.', '--max-warnings=0']);

const vitestJson = join(results, 'vitest.json');
rmSync(vitestJson, { force: true });
const vitestOk = run('vitest', npx('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'passed') tally.passed += 1;
      else if (test.status === 'failed') {
        tally.failed += 1;
        failures.push(`vitest: ${test.fullName}`);
      } else {
        tally.skipped += 1;
        skips.push(`vitest: ${test.fullName}${test.meta?.skipReason ? ` (${test.meta.skipReason})` : ''}`);
      }
    }
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) {
      tally.failed += 1;
      failures.push(`vitest: ${file.name} did not load: ${(file.message ?? '').split('\n')[0]}`);
    }
  }
} else {
  tally.failed += 1;
  failures.push('vitest: wrote no report');
}
if (!vitestOk && failures.every((f) => !f.startsWith('vitest'))) {
  tally.failed += 1;
  failures.push('vitest: exited non-zero');
}

const pwJson = join(results, 'playwright.json');
rmSync(pwJson, { force: true });
// The screenshots are this run's only: a screen a spec no longer photographs must not linger.
rmSync(join(results, 'screens'), { recursive: true, force: true });
const pwOk = run('e2e', npx('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
if (existsSync(pwJson)) {
  const report = JSON.parse(readFileSync(pwJson, 'utf8'));
  const walk = (suite, trail) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        const name = [...trail, spec.title].filter(Boolean).join(' › ');
        const outcome = test.status; // expected | unexpected | flaky | skipped
        if (outcome === 'skipped') {
          tally.skipped += 1;
          const reason = (test.annotations ?? []).find((a) => a.type === 'skip')?.description;
          skips.push(`e2e: ${name}${reason ? ` (${reason})` : ''}`);
        } else if (outcome === 'expected' || outcome === 'flaky') tally.passed += 1;
        else {
          tally.failed += 1;
          failures.push(`e2e: ${name}`);
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...trail, child.title]);
  };
  for (const suite of report.suites ?? []) walk(suite, [suite.title]);
} else if (!pwOk) {
  tally.failed += 1;
  failures.push('e2e: wrote no report');
}
if (!pwOk && !failures.some((f) => f.startsWith('e2e'))) {
  tally.failed += 1;
  failures.push('e2e: exited non-zero');
}

console.log('\n=== summary');
for (const skip of skips) console.log(`skipped: ${skip}`);
for (const failure of failures) console.log(`FAILED: ${failure}`);
console.log(`${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(tally.failed === 0 ? 0 : 1);
