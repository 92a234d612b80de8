#!/usr/bin/env node
// `node scan.mjs INPUT REPORT.json ELECTRON_VERSION`: Electronegativity's own runner, so that
// files it could not parse are reported too (its CLI keeps quiet about them when it writes a
// report, and a file it cannot parse is a file whose findings are silently missing).
// The report is written here, from the findings the runner returns: the runner's own CSV writer
// writes its header and its rows with two unawaited fs.writeFile calls, and when the rows land
// first the header overwrites them (seen as a garbled line 2). The last line of stdout is this
// script's summary.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const [input, report, electronVersion] = process.argv.slice(2);
if (!input || !report || !electronVersion) {
  console.error('usage: node scan.mjs INPUT REPORT.json ELECTRON_VERSION');
  process.exit(2);
}

const { default: run } = await import('@doyensec/electronegativity');
const { issues, errors } = await run({
  input: resolve(input),
  isSarif: false,
  isRelative: true,
  customScan: [],
  excludeFromScan: [],
  electronVersionOverride: electronVersion,
  parserPlugins: [],
});
const findings = issues.map((issue) => ({
  issue: issue.id,
  severity: issue.severity.name,
  confidence: issue.confidence.name,
  filename: issue.file,
  location: `${issue.location.line}:${issue.location.column}`,
  sample: issue.sample ?? '',
  description: issue.description,
  url: `https://github.com/doyensec/electronegativity/wiki/${issue.id}`,
}));
writeFileSync(report, JSON.stringify(findings));
const summary = {
  findings: issues.length,
  unparsed: errors.filter((error) => !error.tolerable).map((error) => ({ file: error.file, message: error.message })),
};
process.stdout.write(`electronegativity-summary ${JSON.stringify(summary)}\n`);
