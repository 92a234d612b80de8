import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const core = join(import.meta.dirname, '..', '..', 'electron', 'core');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
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
});
