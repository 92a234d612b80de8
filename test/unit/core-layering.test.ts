import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const core = join(root, 'electron', 'core');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|tsx|mts|mjs)$/.test(name) ? [path] : [];
  });
}

/** Every product file (hosts, core, renderer, shared) that imports from `target`, by relative import path. */
function importersOf(target: string): string[] {
  const files = ['electron', 'renderer/src', 'shared'].flatMap((dir) => sources(join(root, dir)));
  return files
    .filter((file) => [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].some(([, spec]) => !relative(target, join(file, '..', spec!)).startsWith('..')))
    .map((file) => relative(root, file));
}

/** Folders of electron/core a file under `folder` imports from (by relative import path). */
function importedFolders(folder: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sources(join(core, folder))) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const target = relative(core, join(file, '..', spec!));
      const top = target.split('/')[0]!;
      if (top !== folder && !top.startsWith('..')) found.set(top, [...(found.get(top) ?? []), relative(core, file)]);
    }
  }
  return found;
}

describe('layers of the core: a capability does not reach up into the ones built on it', () => {
  it('the outbox (sync/) knows no IdP: another sink needs no IdP costume', () => {
    expect(importedFolders('sync').get('idp') ?? []).toEqual([]);
  });

  it('the IdP connectors read no roster files and no kiosk configuration (app/ hands them in)', () => {
    const idp = importedFolders('idp');
    expect({ session: idp.get('session') ?? [], config: idp.get('config') ?? [] }).toEqual({ session: [], config: [] });
  });

  it('the keys capability (fido/) takes its settings, not the kiosk configuration', () => {
    expect(importedFolders('fido').get('config') ?? []).toEqual([]);
  });

  it('the configuration is read by app/ alone, which hands each capability its slice (the hosts ask app/ too)', () => {
    const config = join(core, 'config');
    const outside = importersOf(config).filter((file) => !file.startsWith('electron/core/app/') && !file.startsWith('electron/core/config/'));
    expect(outside).toEqual([]);
  });
});
