// Child process of test/bench/run.mjs (started with `--import tsx`): runs one bench file's
// default export and writes its result as JSON to the file named on the command line.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [benchFile, outFile] = process.argv.slice(2);
const module = await import(pathToFileURL(benchFile).href);
if (typeof module.default !== 'function') throw new Error(`${benchFile} has no default export function bench().`);
const result = await module.default();
writeFileSync(outFile, JSON.stringify(result));
