#!/usr/bin/env node
// `node scan.mjs INPUT REPORT.csv ELECTRON_VERSION`: Electronegativity's own runner, so that
// files it could not parse are reported too (its CLI keeps quiet about them when it writes a
// report, and a file it cannot parse is a file whose findings are silently missing).
// The runner writes the CSV itself; the last line of stdout is this script's summary.
import { resolve } from 'node:path';

const [input, report, electronVersion] = process.argv.slice(2);
if (!input || !report || !electronVersion) {
  console.error('usage: node scan.mjs INPUT REPORT.csv ELECTRON_VERSION');
  process.exit(2);
}

const { default: run } = await import('@doyensec/electronegativity');
const { issues, errors } = await run({
  input: resolve(input),
  output: resolve(report),
  isSarif: false,
  isRelative: true,
  customScan: [],
  excludeFromScan: [],
  electronVersionOverride: electronVersion,
  parserPlugins: [],
});
const summary = {
  findings: issues.length,
  unparsed: errors.filter((error) => !error.tolerable).map((error) => ({ file: error.file, message: error.message })),
};
process.stdout.write(`electronegativity-summary ${JSON.stringify(summary)}\n`);
