import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|tsx|mts|mjs)$/.test(name) ? [path] : [];
  });
}

/** Each product file with what it imports: packages by name, project files by their path from the root. */
function imports(): Array<{ file: string; packages: string[]; files: string[] }> {
  return ['electron', 'renderer/src', 'shared'].flatMap((dir) =>
    sources(join(root, dir)).map((path) => {
      const code = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\/|(^|\s)\/\/.*$/gm, '$1');
      const specs = [...code.matchAll(/(?:from|import|require)\s*\(?\s*'([^']+)'/g)].map(([, spec]) => spec!);
      return {
        file: relative(root, path),
        packages: specs.filter((spec) => !spec.startsWith('.')),
        files: specs.filter((spec) => spec.startsWith('.')).map((spec) => relative(root, join(path, '..', spec))),
      };
    }),
  );
}

/** The files `from` picks that import a project file `to` picks. */
const importing = (to: (target: string) => boolean, from: (file: string) => boolean) =>
  imports()
    .filter(({ file, files }) => from(file) && files.some(to))
    .map(({ file }) => file);

describe('the two hosts share one host module and nothing else of each other', () => {
  it("only the Electron shell imports 'electron' (electron/main, and the preload its window loads)", () => {
    const shell = (file: string) => file.startsWith('electron/main/') || file.startsWith('electron/preload/');
    const outside = imports().filter(({ file, packages }) => !shell(file) && packages.some((name) => name === 'electron' || name.startsWith('electron/')));
    expect(outside.map(({ file }) => file)).toEqual([]);
  });

  it('the Electron shell and the browser host do not import each other; what both need is in electron/host, which imports neither', () => {
    expect(importing((target) => target.startsWith('electron/web/'), (file) => file.startsWith('electron/main/') || file.startsWith('electron/host/'))).toEqual([]);
    expect(importing((target) => target.startsWith('electron/main/'), (file) => file.startsWith('electron/web/') || file.startsWith('electron/host/'))).toEqual([]);
  });

  it('the core knows no host', () => {
    expect(importing((target) => /^electron\/(main|web|host|preload)\//.test(target), (file) => file.startsWith('electron/core/'))).toEqual([]);
  });
});
